package org.cseg;

import static org.cseg.SegmentsTestUtil.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/* ClvTiers: the hand-worked case of tests/clv/test_clv.c, agreement with
 * RFM's balanced bins on CDNOW spend, given cut points, bad input. */
class ClvTiersTest {
    @Test
    void handWorked() {
        // Sorted 1 2 | 3 3 3 | 5 7 9.
        ClvTiers t = ClvTiers.compute(new double[] {5, 1, 3, 3, 9, 7, 3, 2}, 3);
        assertArrayEquals(new int[] {1, 3, 2, 2, 1, 1, 2, 3}, t.tiers());
        assertArrayEquals(new double[] {3, 2}, t.cuts());
        assertArrayEquals(new long[] {3, 3, 2}, t.sizes());
        assertEquals(3, t.nTiers());
        assertArrayEquals(new int[] {1, 2}, ClvTiers.compute(new double[] {-3.5, -7}, 2).tiers());
        assertArrayEquals(new int[] {3, 3, 1}, ClvTiers.compute(new double[] {1, 1, 2}, 3).tiers());
        assertArrayEquals(new int[] {2, 2, 2, 2}, ClvTiers.compute(new double[] {4, 4, 4, 4}, 3).tiers());
        assertArrayEquals(new int[] {1, 2, 2, 3, 3}, ClvTiers.apply(new double[] {100, 3, 2.5, 2, -1}, t.cuts()).tiers());
    }

    @Test
    void cdnowSpendAgreesWithRfm() throws Exception {
        double[][] c = SegmentsTestUtil.cdnowRfm(SegmentsTestUtil.cdnowMaster());
        double[] spend = c[2];
        ClvTiers t = ClvTiers.compute(spend, 4);
        int[] tiers = t.tiers();
        double[] cuts = t.cuts();
        Map<Double, Integer> tierOf = new HashMap<>();
        for (int i = 0; i < spend.length; i++) {
            int want = 1;
            for (double cut : cuts) {
                want += spend[i] <= cut ? 1 : 0;
            }
            assertEquals(want, tiers[i], "row " + i);
            Integer prev = tierOf.putIfAbsent(spend[i], tiers[i]);
            assertTrue(prev == null || prev == tiers[i], "ties split at " + spend[i]);
        }
        for (long s : t.sizes()) {
            assertTrue(Math.abs(s - spend.length / 4) < spend.length / 20, "tier size " + s);
        }
        try (Rfm rfm = Rfm.builder().nBins(4).build()) {
            RfmResult r = rfm.compute(c[0], c[1], spend);
            int[] m = r.mScores();
            for (int i = 0; i < spend.length; i++) {
                assertEquals(5 - m[i], tiers[i], "row " + i);
            }
            double[] mc = r.cuts(Rfm.Dimension.MONETARY);
            for (int j = 0; j < cuts.length; j++) {
                assertEquals(mc[mc.length - 1 - j], cuts[j], 0);
            }
        }
        assertArrayEquals(tiers, ClvTiers.apply(spend, cuts).tiers());
    }

    @Test
    void badInput() {
        double[] v = {3, 1, 2, 5};
        expect(Status.INVALID_ARG, () -> ClvTiers.compute(new double[] {3, Double.NaN, 2, 5}, 2), "row 1");
        expect(Status.INVALID_ARG, () -> ClvTiers.compute(new double[] {3, 1, Double.POSITIVE_INFINITY, 5}, 2), "row 2");
        expect(Status.INVALID_ARG, () -> ClvTiers.compute(v, 1), "n_tiers");
        expect(Status.INVALID_ARG, () -> ClvTiers.compute(v, 1001), "n_tiers");
        expect(Status.INVALID_ARG, () -> ClvTiers.compute(v, 5), "exceeds n_rows");
        expect(Status.INVALID_ARG, () -> ClvTiers.compute(new double[0], 2), "n_rows");
        expect(Status.INVALID_ARG, () -> ClvTiers.apply(v, new double[] {1, 2}), "non-increasing");
        expect(Status.INVALID_ARG, () -> ClvTiers.apply(v, new double[0]), "cuts");
        expect(Status.INVALID_ARG, () -> ClvTiers.apply(new double[] {Double.NaN}, new double[] {1}), "row 0");
        assertThrows(NullPointerException.class, () -> ClvTiers.compute(null, 2));
        assertThrows(NullPointerException.class, () -> ClvTiers.apply(v, null));
    }
}
