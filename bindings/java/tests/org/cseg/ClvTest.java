package org.cseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/* The published CDNOW results (shared/data/README.md), computed from the raw
 * transactions through the binding: file -> summary -> fit -> predictions. */
class ClvTest {
    static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
    static final LocalDate OBSERVATION_END = LocalDate.of(1998, 6, 30);
    static final double[] BG_PUBLISHED = {0.243, 4.414, 0.793, 2.426};
    static final double[] PN_PUBLISHED = {0.553, 10.578, 0.606, 11.669};
    static final double[] GG_PUBLISHED = {6.25, 3.74, 15.44};

    static ClvSummary cdnow;

    /* CDNOW_sample.txt: "customer_id sample_id YYYYMMDD cds dollars", no header;
     * the sample IDs 1..2357 are those of the lifetimes summaries. */
    static Transactions readCdnow() {
        return Transactions.read(TestData.cdnowSample(), new Transactions.ReadOptions()
            .idColumn(1).dateColumn(2).quantityColumn(3).amountColumn(4)
            .delimiter(' ').header(false).dateFormat(Transactions.DateFormat.YYYYMMDD));
    }

    @BeforeAll
    static void summarise() {
        try (Transactions tx = readCdnow()) {
            assertEquals(6919, tx.nRows());
            assertEquals(2357, tx.nCustomers());
            assertEquals(0, tx.nSkipped());
            assertEquals(LocalDate.of(1997, 1, 1), tx.firstDate());
            assertEquals(LocalDate.of(1998, 6, 30), tx.lastDate());
            cdnow = tx.summary(CALIBRATION_END, OBSERVATION_END, ClvSummary.Unit.WEEKS);
        }
    }

    private static void assertParams(double[] expected, double[] got, double tol, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], tol * Math.max(1.0, Math.abs(expected[i])),
                what + " parameter " + i + ": " + java.util.Arrays.toString(got));
        }
    }

    @Test
    void summaryMatchesTheLifetimesFile() throws IOException {
        assertEquals(2357, cdnow.size());
        assertEquals(946, cdnow.nRepeatCustomers());
        assertEquals(39.0, cdnow.durationHoldout(), 1e-12); // 273 days
        // lifetimes' cdnow_customers_summary_with_transactions.csv: ID,x,t_x,T,zbar
        List<String> lines = Files.readAllLines(TestData.cdnowSample().resolveSibling(
            "cdnow_customers_summary_with_transactions.csv"));
        Map<String, Integer> row = new LinkedHashMap<>();
        String[] ids = cdnow.ids();
        for (int i = 0; i < ids.length; i++) {
            row.put(ids[i].replaceFirst("^0+", ""), i);
        }
        int checked = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Integer i = row.get(f[0].trim().replace("\"", "").replaceFirst("^0+", ""));
            assertTrue(i != null, "customer " + f[0]);
            assertEquals(Double.parseDouble(f[1]), cdnow.frequency()[i], 1e-9, "x of " + f[0]);
            assertEquals(Double.parseDouble(f[2]), cdnow.recency()[i], 0.01, "t_x of " + f[0]);
            assertEquals(Double.parseDouble(f[3]), cdnow.T()[i], 0.01, "T of " + f[0]);
            assertEquals(Double.parseDouble(f[4]), cdnow.monetaryValue()[i], 0.01, "zbar of " + f[0]);
            checked++;
        }
        assertEquals(2357, checked);
        assertEquals(LocalDate.of(1997, 1, 1), cdnow.firstPurchase(0));
    }

    @Test
    void betaGeoReproducesFaderHardieLee() {
        try (BetaGeoModel bg = new BetaGeoModel().fit(cdnow)) {
            assertArrayEquals(new String[] {"r", "alpha", "a", "b"}, bg.paramNames());
            assertParams(BG_PUBLISHED, bg.params(), 0.005, "BG/NBD");
            assertEquals(-9582.4, bg.logLikelihood(), 0.05);
            assertEquals(0.243, bg.param("r"), 0.001);
            double[] se = bg.standardErrors();
            for (double v : se) {
                assertTrue(v > 0 && Double.isFinite(v), java.util.Arrays.toString(se));
            }
            assertTrue(se[0] > 0.005 && se[0] < 0.03 && se[1] > 0.2 && se[1] < 0.6);
            assertEquals(2357, bg.nObservations());
            assertTrue(bg.iterations() > 0);
            assertTrue(bg.gradientNorm() < 1e-4);
            assertEquals(1.226, bg.expectedPurchases(39, 2, 30.43, 38.86), 0.001);

            double[] e = bg.expectedPurchases(39, cdnow);
            double[] alive = bg.probabilityAlive(cdnow);
            assertEquals(cdnow.size(), e.length);
            for (int i = 0; i < e.length; i++) {
                assertTrue(e[i] >= 0 && alive[i] > 0 && alive[i] <= 1);
                if (cdnow.frequency()[i] == 0) {
                    assertEquals(1.0, alive[i], 0.0, "BG/NBD: nobody drops out before a repeat purchase");
                }
                assertEquals(bg.expectedPurchases(39, cdnow.frequency()[i], cdnow.recency()[i], cdnow.T()[i]),
                    e[i], 0.0, "vectorised and scalar calls agree");
            }
        }
    }

    @Test
    void paretoNbdReproducesPublishedParameters() {
        try (ParetoNbdModel pn = new ParetoNbdModel().fit(cdnow)) {
            assertArrayEquals(new String[] {"r", "alpha", "s", "beta"}, pn.paramNames());
            assertParams(PN_PUBLISHED, pn.params(), 0.005, "Pareto/NBD");
            assertEquals(-9595.0, pn.logLikelihood(), 0.1);
            for (double v : pn.standardErrors()) {
                assertTrue(v > 0 && Double.isFinite(v));
            }
        }
    }

    @Test
    void gammaGammaReproducesPublishedParameters() {
        try (GammaGammaModel gg = new GammaGammaModel().fit(cdnow)) {
            assertArrayEquals(new String[] {"p", "q", "gamma"}, gg.paramNames());
            assertParams(GG_PUBLISHED, gg.params(), 0.01, "Gamma-Gamma");
            assertEquals(946, gg.nObservations());
            assertTrue(Math.abs(gg.correlation()) < 0.2);
            double[] spend = gg.expectedAverageSpend(cdnow);
            double[] p = gg.params();
            for (int i = 0; i < spend.length; i++) {
                if (cdnow.frequency()[i] == 0) {
                    assertEquals(p[0] * p[2] / (p[1] - 1), spend[i], 1e-9);
                }
            }
        }
    }

    @Test
    void weightsCountCustomers() {
        // Each customer twice, or once with weight 2: the same maximum.
        int n = cdnow.size();
        double[] w = new double[n];
        java.util.Arrays.fill(w, 2.0);
        try (BetaGeoModel once = new BetaGeoModel().fit(cdnow.frequency(), cdnow.recency(), cdnow.T(), w);
             GammaGammaModel gg = new GammaGammaModel().fit(cdnow.frequency(), cdnow.monetaryValue(), w)) {
            assertParams(BG_PUBLISHED, once.params(), 0.005, "weighted BG/NBD");
            assertEquals(2 * -9582.4, once.logLikelihood(), 0.1);
            assertParams(GG_PUBLISHED, gg.params(), 0.01, "weighted Gamma-Gamma");
        }
    }

    @Test
    void holdoutComparison() {
        try (BetaGeoModel bg = new BetaGeoModel().setParams(BG_PUBLISHED)) {
            HoldoutComparison h = bg.compareHoldout(cdnow, 8);
            assertEquals(8, h.nBuckets());
            long total = 0;
            for (long c : h.counts()) {
                total += c;
            }
            assertEquals(2357, total);
            assertEquals(2357 - 946, h.counts()[0]);
            assertEquals(39.0, h.holdoutLength(), 1e-12);
            // FHL 2005, figure 5: predictions follow the actual means bucket by bucket.
            for (int k = 0; k < 7; k++) {
                assertTrue(Math.abs(h.actual()[k] - h.predicted()[k]) < 0.25 + 0.3 * h.actual()[k], h.toString());
            }
            double[] pred = bg.expectedPurchases(39, cdnow);
            double zeroMean = 0;
            for (int i = 0; i < pred.length; i++) {
                if (cdnow.frequency()[i] == 0) {
                    zeroMean += pred[i];
                }
            }
            assertEquals(zeroMean / h.counts()[0], h.predicted()[0], 1e-12);
        }
    }

    /* Reference values of tests/fixtures/clv/clv_reference.txt (scipy), all
     * of one kind in a single vectorised call through the binding. */
    @Test
    void vectorisedPredictionsMatchTheReference() throws IOException {
        Map<String, List<double[]>> ref = new LinkedHashMap<>();
        for (String line : Files.readAllLines(TestData.fixtures().resolve("clv/clv_reference.txt"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 6) {
                continue;
            }
            double[] v = new double[5];
            for (int j = 0; j < 5; j++) {
                v[j] = Double.parseDouble(f[j + 1]);
            }
            ref.computeIfAbsent(f[0], k -> new ArrayList<>()).add(v);
        }
        try (BetaGeoModel bg = new BetaGeoModel().setParams(BG_PUBLISHED);
             ParetoNbdModel pn = new ParetoNbdModel().setParams(PN_PUBLISHED);
             GammaGammaModel gg = new GammaGammaModel().setParams(GG_PUBLISHED)) {
            int checked = 0;
            checked += check(ref.get("bg_alive"), c -> bg.probabilityAlive(c[0], c[1], c[2]), 1e-9);
            checked += check(ref.get("pn_alive"), c -> pn.probabilityAlive(c[0], c[1], c[2]), 1e-8);
            checked += check(ref.get("bg_expected_new"), c -> bg.expectedPurchasesNew(c[3]), 1e-9);
            checked += check(ref.get("pn_expected_new"), c -> pn.expectedPurchasesNew(c[3]), 1e-8);
            checked += check(ref.get("gg_spend"), c -> gg.expectedAverageSpend(c[0], c[3]), 1e-9);
            checked += check(ref.get("clv12"),
                c -> bg.customerLifetimeValue(gg, c[0], c[1], c[2], c[3], 12, 4.345, 0.01, 1.0), 1e-9);
            // Horizons differ by line: one vectorised call per line's horizon.
            for (String kind : new String[] {"bg_expected", "pn_expected"}) {
                PurchaseModel<?> m = kind.startsWith("bg") ? bg : pn;
                for (double[] v : ref.get(kind)) {
                    double got = m.expectedPurchases(v[3], v[0], v[1], v[2]);
                    assertEquals(v[4], got, (kind.startsWith("bg") ? 1e-9 : 1e-8) * Math.max(1, Math.abs(v[4])), kind);
                    checked++;
                }
            }
            for (double[] v : ref.get("bg_prob_n")) {
                double got = bg.probabilityOfPurchases(v[3], (long) v[0])[0];
                assertEquals(v[4], got, 1e-9 * Math.max(1, Math.abs(v[4])), "bg_prob_n");
                checked++;
            }
            assertTrue(checked >= 130, checked + " reference values");
        }
    }

    interface Columns {
        double[] apply(double[][] c);
    }

    private static int check(List<double[]> rows, Columns f, double tol) {
        int n = rows.size();
        double[][] c = new double[5][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 5; j++) {
                c[j][i] = rows.get(i)[j];
            }
        }
        double[] got = f.apply(c);
        assertEquals(n, got.length);
        for (int i = 0; i < n; i++) {
            assertEquals(c[4][i], got[i], tol * Math.max(1, Math.abs(c[4][i])), "row " + i);
        }
        return n;
    }

    @Test
    void probabilitiesOfPurchasesSumToOne() {
        try (BetaGeoModel bg = new BetaGeoModel().setParams(BG_PUBLISHED)) {
            long[] k = new long[400];
            for (int i = 0; i < k.length; i++) {
                k[i] = i;
            }
            double[] p = bg.probabilityOfPurchases(39, k);
            double total = 0;
            double mean = 0;
            for (int i = 0; i < p.length; i++) {
                total += p[i];
                mean += i * p[i];
            }
            assertEquals(1.0, total, 1e-9);
            assertEquals(bg.expectedPurchasesNew(39)[0], mean, 1e-6);
        }
    }

    @Test
    void lifetimeValueOfTheCohort() {
        try (BetaGeoModel bg = new BetaGeoModel().fit(cdnow);
             GammaGammaModel gg = new GammaGammaModel().fit(cdnow)) {
            double[] clv = gg.customerLifetimeValue(bg, cdnow, 12, 4.345, 0.01, 1.0);
            double[] clvMargin = bg.customerLifetimeValue(gg, cdnow, 12, 4.345, 0.01, 0.3);
            double[] undiscounted = bg.customerLifetimeValue(gg, cdnow, 12, 4.345, 0.0, 1.0);
            double[] spend = gg.expectedAverageSpend(cdnow);
            double[] e12 = bg.expectedPurchases(12 * 4.345, cdnow);
            for (int i = 0; i < clv.length; i++) {
                assertTrue(clv[i] > 0);
                assertEquals(0.3 * clv[i], clvMargin[i], 1e-9 * clv[i]);
                assertTrue(clv[i] < undiscounted[i]);
                // Without discounting the sum telescopes to spend * E[Y(12 months)].
                assertEquals(spend[i] * e12[i], undiscounted[i], 1e-9 * undiscounted[i]);
            }
        }
    }

    /* A fitted model is read-only for predictions: 8 threads, one model. */
    @Test
    void concurrentPredictionsAgree() throws Exception {
        try (BetaGeoModel bg = new BetaGeoModel().setParams(BG_PUBLISHED);
             GammaGammaModel gg = new GammaGammaModel().setParams(GG_PUBLISHED)) {
            double[] e = bg.expectedPurchases(39, cdnow);
            double[] clv = gg.customerLifetimeValue(bg, cdnow, 12, 4.345, 0.01, 1.0);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<Boolean>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            if (!java.util.Arrays.equals(e, bg.expectedPurchases(39, cdnow))
                                || !java.util.Arrays.equals(clv, gg.customerLifetimeValue(bg, cdnow, 12, 4.345, 0.01, 1.0))) {
                                return false;
                            }
                        }
                        return true;
                    }));
                }
                for (java.util.concurrent.Future<Boolean> f : done) {
                    assertTrue(f.get());
                }
            } finally {
                pool.shutdown();
            }
        }
    }
}
