package org.cseg;

import static org.cseg.SegmentsTestUtil.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class KSelectTest {
    private static final int[] SIZES = {60, 50, 40};

    /* Three separated blobs of 60, 50 and 40 rows. */
    private static double[][] blobs() {
        double[][] centres = {{0, 0}, {6, 0}, {3, 5}};
        Random rng = new Random(3);
        int n = SIZES[0] + SIZES[1] + SIZES[2];
        double[][] x = new double[n][];
        int i = 0;
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < SIZES[c]; j++) {
                x[i++] = new double[] {centres[c][0] + 0.5 * rng.nextGaussian(),
                    centres[c][1] + 0.5 * rng.nextGaussian()};
            }
        }
        return x;
    }

    private static KSelect.Builder quick() {
        return KSelect.builder().gapB(8).bootstrapB(0);
    }

    @Test
    void threeBlobsGiveThreeByEveryCriterion() {
        try (Dataset ds = new Dataset(blobs())) {
            for (KSelect.Criterion c : new KSelect.Criterion[] {KSelect.Criterion.SILHOUETTE,
                KSelect.Criterion.CALINSKI, KSelect.Criterion.DAVIES, KSelect.Criterion.GAP,
                KSelect.Criterion.ELBOW}) {
                KSelect.Result r = quick().kMin(1).kMax(8).criterion(c).build().run(ds);
                assertEquals(3, r.recommendedK(), c.toString());
                assertEquals(3, r.elbowK());
                assertEquals(3, r.gapK());
                assertEquals(c, r.criterion());
            }
            KSelect.Result r = KSelect.builder().kMin(2).kMax(6).gapB(0).bootstrapB(4)
                .criterion(KSelect.Criterion.STABILITY).build().run(ds);
            assertEquals(3, r.recommendedK());
            assertTrue(r.stability()[1] > 0.99);
            assertTrue(r.toString().contains("recommended 3 (STABILITY)"), r.toString());
        }
    }

    @Test
    void tableColumnsAreConsistent() {
        double[][] x = blobs();
        try (Dataset ds = new Dataset(x)) {
            KSelect.Result r = quick().kMin(1).kMax(6).build().run(ds);
            assertEquals(6, r.nRows());
            assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6}, r.k());
            double[] inertia = r.inertia();
            double[] logW = r.logW();
            // Total sum of squares at k = 1, computed here.
            double mx = 0;
            double my = 0;
            for (double[] row : x) {
                mx += row[0] / x.length;
                my += row[1] / x.length;
            }
            double tss = 0;
            for (double[] row : x) {
                tss += (row[0] - mx) * (row[0] - mx) + (row[1] - my) * (row[1] - my);
            }
            assertEquals(tss, inertia[0], 1e-9 * tss);
            for (int i = 0; i < 6; i++) {
                // gap_d_power 2: W_k is half the within sum of squares (clusGap's W.k)
                assertEquals(Math.log(inertia[i] / 2), logW[i], 1e-12);
                assertTrue(r.gapSe()[i] > 0);
                assertTrue(Double.isNaN(r.bic()[i]) && Double.isNaN(r.icl()[i]));
                assertTrue(Double.isNaN(r.stability()[i]));
                if (i > 0) {
                    assertTrue(inertia[i] < inertia[i - 1]);
                }
            }
            assertTrue(Double.isNaN(r.silhouette()[0]) && Double.isNaN(r.calinskiHarabasz()[0])
                && Double.isNaN(r.daviesBouldin()[0]));
            assertEquals(40, r.minSize()[2]);
            assertEquals(KSelect.gapChoose(r.gap(), r.gapSe(), KSelect.GapRule.FIRST_SE_MAX, 1) + 1, r.gapK());
            // a copy each time
            r.inertia()[0] = -1;
            assertEquals(inertia[0], r.inertia()[0]);
        }
    }

    @Test
    void limitsRestrictTheRecommendation() {
        try (Dataset ds = new Dataset(blobs())) {
            assertEquals(2, quick().kMin(1).kMax(8).maxSegments(2).build().run(ds).recommendedK());
            KSelect.Result r = quick().kMin(2).kMax(8).minSize(45).build().run(ds);
            assertNotEquals(3, r.recommendedK());
            assertTrue(r.recommendedK() > 0);
            assertTrue(r.minSize()[r.recommendedK() - 2] >= 45);
            assertEquals(3, r.elbowK()); // the limits apply to the recommendation only
            assertEquals(0, quick().kMin(2).kMax(8).minSize(1000).build().run(ds).recommendedK());
        }
    }

    @Test
    void sameSeedSameTable() {
        try (Dataset ds = new Dataset(blobs())) {
            KSelect ks = KSelect.builder().kMax(5).gapB(4).bootstrapB(3).seed(11).build();
            KSelect.Result a = ks.run(ds);
            KSelect.Result b = ks.run(ds);
            for (KSelect.Column c : KSelect.Column.values()) {
                assertArrayEquals(a.column(c), b.column(c), c.toString());
            }
        }
    }

    @Test
    void gapChooseMatchesMaxSeFixture() throws IOException {
        KSelect.GapRule[] rules = KSelect.GapRule.values();
        List<String> lines = Files.readAllLines(TestData.fixtures().resolve("kselect/maxse.txt"));
        int count = 0;
        for (String line : lines) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] v = line.trim().split("\\s+");
            int rule = Integer.parseInt(v[0]);
            double factor = Double.parseDouble(v[1]);
            int n = Integer.parseInt(v[2]);
            double[] gap = new double[n];
            double[] se = new double[n];
            for (int i = 0; i < n; i++) {
                gap[i] = Double.parseDouble(v[3 + i]);
                se[i] = Double.parseDouble(v[3 + n + i]);
            }
            assertEquals(Integer.parseInt(v[v.length - 1]) - 1, KSelect.gapChoose(gap, se, rules[rule], factor), line);
            count++;
        }
        assertTrue(count >= 200);
    }

    @Test
    void adjustedRandMatchesSklearnFixture() throws IOException {
        List<String> lines = Files.readAllLines(TestData.fixtures().resolve("kselect/ari.txt"));
        int count = 0;
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] v = line.trim().split("\\s+");
            int n = Integer.parseInt(v[0]);
            int[] a = new int[n];
            int[] b = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = Integer.parseInt(v[1 + i]);
                b[i] = Integer.parseInt(v[1 + n + i]);
            }
            double want = Double.parseDouble(v[v.length - 1]);
            assertEquals(want, KSelect.adjustedRand(a, b), 1e-12 * Math.max(1, Math.abs(want)), line);
            assertEquals(want, KSelect.adjustedRand(b, a), 1e-12 * Math.max(1, Math.abs(want)));
            count++;
        }
        assertTrue(count >= 5);
    }

    @Test
    void knee() {
        assertEquals(1, KSelect.knee(new double[] {1, 2, 3, 4, 5}, new double[] {100, 30, 20, 15, 12}));
        assertEquals(-1, KSelect.knee(new double[] {1, 2, 3}, new double[] {3, 2, 1}));
    }

    @Test
    void badInputs() {
        long live = Cseg.liveHandles();
        Map<KSelect.Builder, String> bad = new HashMap<>();
        bad.put(KSelect.builder().kMin(0), "k_min");
        bad.put(KSelect.builder().kMax(0), "k_max");
        bad.put(KSelect.builder().maxSegments(-1), "max_segments");
        bad.put(KSelect.builder().minSize(-1), "min_size");
        bad.put(KSelect.builder().seed(-1), "seed");
        bad.put(KSelect.builder().nInit(0), "n_init");
        bad.put(KSelect.builder().gapB(-1), "gap_b");
        bad.put(KSelect.builder().gapDPower(3), "gap_d_power");
        bad.put(KSelect.builder().gapSeFactor(Double.NaN), "gap_se_factor");
        bad.put(KSelect.builder().gapSeFactor(-1), "gap_se_factor");
        bad.put(KSelect.builder().silhouetteSample(-1), "silhouette_sample");
        bad.put(KSelect.builder().bootstrapB(-1), "bootstrap_b");
        for (Map.Entry<KSelect.Builder, String> e : bad.entrySet()) {
            expect(Status.INVALID_ARG, () -> e.getKey().build(), e.getValue());
        }
        assertThrows(NullPointerException.class, () -> KSelect.builder().criterion(null));
        assertThrows(NullPointerException.class, () -> KSelect.builder().gapRule(null));
        assertThrows(NullPointerException.class, () -> KSelect.builder().gapSpace(null));
        try (Dataset ds = new Dataset(blobs())) {
            expect(Status.INVALID_ARG, () -> KSelect.builder().kMin(5).kMax(3).build().run(ds),
                "k_min = 5 exceeds k_max = 3");
            expect(Status.INVALID_ARG, () -> KSelect.builder().kMax(150).build().run(ds),
                "k_max = 150 needs more than 150 rows");
            expect(Status.INVALID_ARG, () -> KSelect.builder().gapB(0).criterion(KSelect.Criterion.GAP).build().run(ds),
                "gap_b > 0");
            expect(Status.INVALID_ARG, () -> KSelect.builder().criterion(KSelect.Criterion.BIC).build().run(ds),
                "mixtures");
            expect(Status.INVALID_ARG, () -> KSelect.builder().bootstrapB(0).criterion(KSelect.Criterion.STABILITY)
                .build().run(ds), "bootstrap_b > 0");
            expect(Status.INVALID_ARG, () -> KSelect.builder().kMin(2).kMax(3).criterion(KSelect.Criterion.ELBOW)
                .build().run(ds), "at least 3 values of k");
        }
        assertThrows(NullPointerException.class, () -> KSelect.builder().build().run(null));
        try (Dataset ds = new Dataset(new double[][] {{1, 2}, {3, Double.NaN}, {4, 5}, {6, 7}})) {
            expect(Status.MISSING_VALUES, () -> KSelect.builder().kMax(2).build().run(ds));
        }
        Dataset closed = new Dataset(blobs());
        closed.close();
        assertThrows(IllegalStateException.class, () -> KSelect.builder().build().run(closed));
        expect(Status.INVALID_ARG, () -> KSelect.gapChoose(new double[] {0.1, 0.2}, new double[] {0.1},
            KSelect.GapRule.FIRST_SE_MAX, 1), "gap has 2 values but se has 1");
        expect(Status.INVALID_ARG, () -> KSelect.gapChoose(new double[0], new double[0],
            KSelect.GapRule.FIRST_SE_MAX, 1));
        expect(Status.INVALID_ARG, () -> KSelect.gapChoose(new double[] {Double.NaN}, new double[] {0.1},
            KSelect.GapRule.GLOBAL_MAX, 1));
        expect(Status.INVALID_ARG, () -> KSelect.gapChoose(new double[] {0.1}, new double[] {0.1},
            KSelect.GapRule.GLOBAL_MAX, -1));
        assertThrows(NullPointerException.class, () -> KSelect.gapChoose(null, new double[1], KSelect.GapRule.FIRST_MAX, 1));
        expect(Status.INVALID_ARG, () -> KSelect.knee(new double[] {1, 2, 3}, new double[] {1, 2}),
            "x has 3 values but y has 2");
        expect(Status.INVALID_ARG, () -> KSelect.knee(new double[] {1, 2}, new double[] {2, 1}));
        expect(Status.INVALID_ARG, () -> KSelect.adjustedRand(new int[] {0, 1}, new int[] {0}),
            "2 and 1 labels");
        expect(Status.INVALID_ARG, () -> KSelect.adjustedRand(new int[0], new int[0]));
        assertThrows(NullPointerException.class, () -> KSelect.adjustedRand(null, new int[1]));
        System.gc();
        assertEquals(live, Cseg.liveHandles());
    }
}
