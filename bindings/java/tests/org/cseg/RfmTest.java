package org.cseg;

import static org.cseg.SegmentsTestUtil.bin;
import static org.cseg.SegmentsTestUtil.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RfmTest {
    private static double[][] cdnow; // recency, frequency, monetary per customer

    @BeforeAll
    static void load() throws Exception {
        cdnow = SegmentsTestUtil.cdnowRfm(SegmentsTestUtil.cdnowMaster());
    }

    /* The motivating case: most CDNOW customers bought once, and yet the
     * balanced bins give five non-empty frequency scores, equal values share
     * a score, and scores rise with the value. */
    @Test
    void balancedBinsOnCdnowFrequency() {
        double[] freq = cdnow[1];
        int n = freq.length;
        assertEquals(23570, n);
        assertTrue(new TreeSet<>(Arrays.stream(freq).boxed().collect(java.util.stream.Collectors.toList())).size() >= 5);
        long baseline = Cseg.liveHandles();
        try (Rfm rfm = Rfm.builder().build()) {
            // The handle and the rule set of its segment table.
            assertTrue(Cseg.liveHandles() > baseline);
            RfmResult r = rfm.compute(cdnow[0], freq, cdnow[2]);
            assertEquals(n, r.size());
            assertEquals(5, r.nBins());
            int[] f = r.fScores();
            Map<Double, Integer> scoreOf = new HashMap<>();
            int[] perBin = new int[6];
            for (int i = 0; i < n; i++) {
                Integer prev = scoreOf.putIfAbsent(freq[i], f[i]);
                assertTrue(prev == null || prev == f[i], "value " + freq[i] + " got scores " + prev + " and " + f[i]);
                perBin[f[i]]++;
            }
            for (int b = 1; b <= 5; b++) {
                assertTrue(perBin[b] > 0, "frequency bin " + b + " is empty: " + Arrays.toString(perBin));
            }
            double[] vals = scoreOf.keySet().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            for (int j = 1; j < vals.length; j++) {
                assertTrue(scoreOf.get(vals[j - 1]) <= scoreOf.get(vals[j]), "scores fall at " + vals[j]);
            }
            // Reported cut points reproduce every dimension's bins; recency is reversed.
            double[] fc = r.cuts(Rfm.Dimension.FREQUENCY);
            double[] rc = r.cuts(Rfm.Dimension.RECENCY);
            double[] mc = r.cuts(Rfm.Dimension.MONETARY);
            assertEquals(4, fc.length);
            int[] rs = r.rScores();
            int[] ms = r.mScores();
            int[] cells = r.cells();
            for (int i = 0; i < n; i++) {
                assertEquals(bin(freq[i], fc), f[i]);
                assertEquals(6 - bin(cdnow[0][i], rc), rs[i]);
                assertEquals(bin(cdnow[2][i], mc), ms[i]);
                assertEquals(rs[i] * 100 + f[i] * 10 + ms[i], cells[i]);
            }
            // Default table: segment sizes agree with the per-customer segments.
            String[] names = r.segmentNames();
            assertEquals("Champions", names[0]);
            assertEquals("Other", names[names.length - 1]);
            long[] sizes = r.segmentSizes();
            long[] counted = new long[names.length];
            int[] idx = r.segmentIndices();
            String[] seg = r.segments();
            for (int i = 0; i < n; i++) {
                counted[idx[i]]++;
                assertEquals(names[idx[i]], seg[i]);
            }
            assertArrayEquals(counted, sizes);
            assertEquals(n, Arrays.stream(sizes).sum());
        }
        assertEquals(baseline, Cseg.liveHandles());
    }

    /* pandas.qcut(rank(method="first")): bins equal within one row, even on ties. */
    @Test
    void rankBinningGivesEqualBins() {
        try (Rfm rfm = Rfm.builder().binning(Rfm.Binning.RANK).nBins(4).build()) {
            assertEquals(Rfm.Binning.RANK, rfm.binning());
            RfmResult r = rfm.compute(cdnow[0], cdnow[1], cdnow[2]);
            for (Rfm.Dimension d : Rfm.Dimension.values()) {
                int[] count = new int[5];
                for (int s : r.scores(d)) {
                    count[s]++;
                }
                int lo = Integer.MAX_VALUE;
                int hi = 0;
                for (int b = 1; b <= 4; b++) {
                    lo = Math.min(lo, count[b]);
                    hi = Math.max(hi, count[b]);
                }
                assertTrue(hi - lo <= 1, d + ": " + Arrays.toString(count));
            }
            // 4 bins, cells R*100 + F*10 + M.
            int[] c = r.cells();
            assertEquals(r.rScores()[7] * 100 + r.fScores()[7] * 10 + r.mScores()[7], c[7]);
        }
    }

    /* Fewer distinct values than bins: spread over the scores (value j gets
     * 1 + round(j (b-1) / (D-1))), a single value the middle bin. */
    @Test
    void fewDistinctValuesSpreadOverScores() {
        try (Rfm rfm = Rfm.builder().build()) {
            RfmResult r = rfm.compute(new double[] {5, 5, 5, 5}, new double[] {1, 1, 2, 3},
                new double[] {10, 20, 20, 10});
            assertArrayEquals(new int[] {3, 3, 3, 3}, r.rScores());
            assertArrayEquals(new int[] {1, 1, 3, 5}, r.fScores());
            assertArrayEquals(new int[] {1, 5, 5, 1}, r.mScores());
            assertArrayEquals(new int[] {311, 315, 335, 351}, r.cells());
        }
    }

    @Test
    void userCutsAndRules() {
        double[] rec = {3, 40, 100, 400, 10, 250};
        double[] freq = {12, 1, 4, 2, 8, 1};
        double[] mon = {500, 15, 70, 25, 300, 5};
        double[] mcuts = {10, 20, 50, 100};
        String rules = "# most recent and frequent\n"
            + "r >= 4 and f >= 4 -> \"Best\"\n"
            + "monetary < 20 -> \"Small\"; r <= 2 -> \"Lapsed\"\n";
        try (Rfm rfm = Rfm.builder().cuts(Rfm.Dimension.MONETARY, mcuts).segmentRules(rules).build()) {
            RfmResult r = rfm.compute(rec, freq, mon);
            assertArrayEquals(mcuts, r.cuts(Rfm.Dimension.MONETARY));
            int[] m = r.mScores();
            int[] rs = r.rScores();
            int[] fs = r.fScores();
            assertArrayEquals(new String[] {"Best", "Small", "Lapsed", "Other"}, r.segmentNames());
            String[] seg = r.segments();
            for (int i = 0; i < rec.length; i++) {
                assertEquals(bin(mon[i], mcuts), m[i]);
                String want = rs[i] >= 4 && fs[i] >= 4 ? "Best"
                    : mon[i] < 20 ? "Small" : rs[i] <= 2 ? "Lapsed" : "Other";
                assertEquals(want, seg[i], "customer " + i);
            }
        }
    }

    @Test
    void fromDatasetColumns() {
        double[][] rows = new double[cdnow[0].length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {cdnow[2][i], cdnow[0][i], cdnow[1][i]};
        }
        try (Dataset ds = new Dataset(rows).setColumnNames("spend", "days", "orders");
             Rfm rfm = Rfm.builder().build()) {
            RfmResult a = rfm.compute(ds, "days", "orders", "spend");
            RfmResult b = rfm.compute(cdnow[0], cdnow[1], cdnow[2]);
            assertArrayEquals(b.cells(), a.cells());
            assertArrayEquals(b.segments(), a.segments());
            expect(Status.INVALID_ARG, () -> rfm.compute(ds, "days", "visits", "spend"), "visits");
        }
    }

    @Test
    void badInputs() {
        long baseline = Cseg.liveHandles();
        try (Rfm rfm = Rfm.builder().build()) {
            double[] a3 = {1, 2, 3};
            double[] a4 = {1, 2, 3, 4};
            // Lengths differ: refused before any value is read.
            expect(Status.INVALID_ARG, () -> rfm.compute(a3, a4, a3), "3", "4");
            expect(Status.INVALID_ARG, () -> rfm.compute(a3, a3, a4));
            expect(Status.INVALID_ARG, () -> rfm.compute(new double[0], new double[0], new double[0]));
            expect(Status.MISSING_VALUES, () -> rfm.compute(a3, new double[] {1, Double.NaN, 3}, a3),
                "frequency", "1");
            expect(Status.INVALID_ARG, () -> rfm.compute(a3, a3, new double[] {1, 2, Double.POSITIVE_INFINITY}));
            assertThrows(NullPointerException.class, () -> rfm.compute(null, a3, a3));
            // Still usable after failures.
            assertEquals(3, rfm.compute(a3, a3, a3).size());
        }
        expect(Status.INVALID_ARG, () -> Rfm.builder().nBins(11).build());
        expect(Status.INVALID_ARG, () -> Rfm.builder().nBins(1).build());
        expect(Status.INVALID_ARG, () -> Rfm.builder().cuts(Rfm.Dimension.RECENCY, 5, 3, 7, 9).build());
        expect(Status.INVALID_ARG, () -> Rfm.builder().cuts(Rfm.Dimension.RECENCY, 1, Double.NaN, 7, 9).build());
        try (Rfm rfm = Rfm.builder().cuts(Rfm.Dimension.RECENCY, 1, 2, 3).build()) {
            // 3 cuts for 5 bins: found at computation time.
            expect(Status.INVALID_ARG, () -> rfm.compute(new double[] {1}, new double[] {1}, new double[] {1}));
        }
        CsegException e = expect(Status.FORMAT,
            () -> Rfm.builder().segmentRules("r >= 4 -> \"A\"\nr >> 2 -> \"B\"").build(), "line 2, column");
        assertFalse(e.getMessage().contains("line 1,"));
        expect(Status.INVALID_ARG, () -> Rfm.builder().segmentRules("spend > 4 -> \"A\"").build(),
            "spend", "line 1");
        assertEquals(baseline, Cseg.liveHandles());
    }

    /* One object shared by threads: computations are serialised, never mixed. */
    @Test
    void sharedBetweenThreads() throws Exception {
        try (Rfm rfm = Rfm.builder().build()) {
            int[] want = rfm.compute(cdnow[0], cdnow[1], cdnow[2]).cells();
            double[] small = {1, 2, 3, 4, 5, 6};
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                java.util.List<java.util.concurrent.Future<Boolean>> done = new java.util.ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    final boolean big = t % 2 == 0;
                    done.add(pool.submit(() -> big
                        ? Arrays.equals(want, rfm.compute(cdnow[0], cdnow[1], cdnow[2]).cells())
                        : rfm.compute(small, small, small).size() == 6));
                }
                for (java.util.concurrent.Future<Boolean> f : done) {
                    assertTrue(f.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void defaultRulesAndClose() {
        String text = Rfm.defaultSegmentRules();
        assertTrue(text.contains("Champions") && text.contains("Hibernating"), text);
        // The default table as user rules gives the same segments.
        try (Rfm a = Rfm.builder().build(); Rfm b = Rfm.builder().segmentRules(text).build()) {
            assertArrayEquals(a.compute(cdnow[0], cdnow[1], cdnow[2]).segments(),
                b.compute(cdnow[0], cdnow[1], cdnow[2]).segments());
        }
        long baseline = Cseg.liveHandles();
        Rfm rfm = Rfm.builder().nBins(3).build();
        assertTrue(Cseg.liveHandles() > baseline);
        assertEquals(3, rfm.nBins());
        rfm.close();
        rfm.close();
        assertTrue(rfm.isClosed());
        assertTrue(rfm.toString().contains("closed"));
        assertEquals(baseline, Cseg.liveHandles());
        assertThrows(IllegalStateException.class,
            () -> rfm.compute(new double[] {1}, new double[] {1}, new double[] {1}));
    }
}
