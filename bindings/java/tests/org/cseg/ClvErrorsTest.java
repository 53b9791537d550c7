package org.cseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/* Bad inputs of the transactions and CLV API: every failure is a
 * CsegException with the C status and the C library's message (or the
 * binding's, for arrays of different lengths), nothing is left behind, and
 * closed objects refuse use. */
class ClvErrorsTest {
    @TempDir
    Path tmp;

    private static final double[] X = {2, 0, 1};
    private static final double[] TX = {30.43, 0, 10};
    private static final double[] T = {38.86, 20, 30};

    private static CsegException expect(Status status, Executable call, String... inMessage) {
        CsegException e = assertThrows(CsegException.class, call);
        assertEquals(status, e.getStatus(), e.toString());
        assertEquals(status.code(), e.getStatusCode());
        for (String s : inMessage) {
            assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' should mention '" + s + "'");
        }
        return e;
    }

    @Test
    void transactionsBadInputs() {
        long baseline = Cseg.liveHandles();
        expect(Status.INVALID_ARG, () -> Transactions.of(new String[0], new long[0], new double[0]), "n_rows = 0");
        expect(Status.INVALID_ARG, () -> Transactions.of(new String[] {"a", "b"}, new long[] {1}, new double[] {1, 2}),
            "days has 1 values, ids has 2");
        expect(Status.INVALID_ARG, () -> Transactions.of(new String[] {"a"}, new long[] {1}, new double[] {1},
            new double[] {1, 2}), "quantities has 2 values");
        expect(Status.INVALID_ARG, () -> Transactions.of(new String[] {"a", null}, new long[] {1, 2},
            new double[] {1, 2}), "ids[1] is NULL");
        expect(Status.INVALID_ARG, () -> Transactions.of(new String[] {"a", "b"}, new long[] {1, 2},
            new double[] {1, Double.NaN}), "amounts[1]");
        expect(Status.INVALID_ARG, () -> Transactions.of(new String[] {"a"}, new long[] {Long.MAX_VALUE},
            new double[] {1}), "days[0]");
        assertThrows(NullPointerException.class, () -> Transactions.of(null, new long[] {1}, new double[] {1}));
        assertThrows(NullPointerException.class, () -> Transactions.of(new String[] {"a"},
            new LocalDate[] {null}, new double[] {1}));
        expect(Status.IO, () -> Transactions.read(tmp.resolve("missing.txt")), "missing.txt");
        expect(Status.INVALID_ARG, () -> Transactions.read(tmp.resolve("x"),
            new Transactions.ReadOptions().idColumn(-1)), "column");
        expect(Status.INVALID_ARG, () -> Transactions.read(tmp.resolve("x"),
            new Transactions.ReadOptions().idColumn("")), "empty");
        expect(Status.INVALID_ARG, () -> Transactions.read(tmp.resolve("x"),
            new Transactions.ReadOptions().delimiter('"')), "delimiter");
        assertEquals(baseline, Cseg.liveHandles());
    }

    @Test
    void summaryBadDates() {
        try (Transactions tx = Transactions.of(new String[] {"a"}, new long[] {100}, new double[] {1})) {
            expect(Status.INVALID_ARG, () -> tx.summary(LocalDate.ofEpochDay(50), ClvSummary.Unit.DAYS),
                "no customer purchased");
            expect(Status.INVALID_ARG, () -> tx.summary(LocalDate.ofEpochDay(200), LocalDate.ofEpochDay(150),
                ClvSummary.Unit.WEEKS), "observation_end");
            assertThrows(NullPointerException.class, () -> tx.summary(null, ClvSummary.Unit.DAYS));
        }
    }

    @Test
    void fitBadInputs() {
        long baseline = Cseg.liveHandles();
        try (BetaGeoModel bg = new BetaGeoModel(); GammaGammaModel gg = new GammaGammaModel()) {
            expect(Status.INVALID_ARG, () -> bg.fit(X, TX, new double[] {38.86, 20}), "T has 2 values, x has 3");
            expect(Status.INVALID_ARG, () -> bg.fit(X, TX, T, new double[] {1}), "weights has 1 values");
            expect(Status.INVALID_ARG, () -> bg.fit(new double[0], new double[0], new double[0]), "n_rows = 0");
            expect(Status.INVALID_ARG, () -> bg.fit(new double[] {1.5}, new double[] {1}, new double[] {2}),
                "row 0", "whole number");
            expect(Status.INVALID_ARG, () -> bg.fit(new double[] {1, 1}, new double[] {1, 3}, new double[] {2, 2}),
                "row 1", "t_x");
            expect(Status.INVALID_ARG, () -> bg.fit(new double[] {0, 1}, new double[] {0, 1},
                new double[] {2, Double.NaN}), "row 1");
            expect(Status.INVALID_ARG, () -> bg.fit(new double[] {0, 0}, new double[] {0, 0}, new double[] {2, 3}));
            expect(Status.INVALID_ARG, () -> bg.fit(X, TX, T, new double[] {1, -1, 1}), "weight");
            expect(Status.INVALID_ARG, () -> gg.fit(new double[] {1}, new double[] {5, 6}), "zbar has 2 values");
            expect(Status.INVALID_ARG, () -> gg.fit(new double[] {1, 2}, new double[] {5, -6}), "row 1");
            assertThrows(NullPointerException.class, () -> bg.fit(null, TX, T));
            assertFalse(bg.isFitted());
            expect(Status.NOT_FITTED, bg::params, "not fitted");
            expect(Status.NOT_FITTED, bg::logLikelihood);
            expect(Status.NOT_FITTED, () -> bg.expectedPurchases(39, X, TX, T), "not fitted");
        }
        assertEquals(baseline, Cseg.liveHandles());
    }

    @Test
    void optionsAndParamsBadInputs() {
        try (ParetoNbdModel pn = new ParetoNbdModel()) {
            expect(Status.INVALID_ARG, () -> pn.maxIter(0), "out of range");
            expect(Status.INVALID_ARG, () -> pn.nStarts(-3));
            expect(Status.INVALID_ARG, () -> pn.seed(-1), "seed");
            expect(Status.INVALID_ARG, () -> pn.tol(Double.NaN), "tol");
            expect(Status.INVALID_ARG, () -> pn.setParams(1, 2, 3), "n_params = 3");
            expect(Status.INVALID_ARG, () -> pn.setParams(1, 2, 3, -4), "beta");
            expect(Status.INVALID_ARG, () -> pn.setParams(1, 2, Double.POSITIVE_INFINITY, 4), "s");
            assertFalse(pn.isFitted());
            pn.maxIter(200).nStarts(2).seed(7).tol(1e-6).setParams(0.553, 10.578, 0.606, 11.669);
            assertTrue(pn.isFitted());
            assertEquals(0.606, pn.param("s"));
            assertThrows(IllegalArgumentException.class, () -> pn.param("a"));
            assertTrue(Double.isNaN(pn.standardErrors()[0]));
            expect(Status.NOT_FITTED, pn::logLikelihood, "by hand");
            assertEquals("ParetoNbdModel[r=0.5530, alpha=10.58, s=0.6060, beta=11.67]", pn.toString());
        }
    }

    @Test
    void predictionBadInputs() {
        try (BetaGeoModel bg = new BetaGeoModel().setParams(ClvTest.BG_PUBLISHED);
             GammaGammaModel gg = new GammaGammaModel().setParams(ClvTest.GG_PUBLISHED)) {
            expect(Status.INVALID_ARG, () -> bg.expectedPurchases(39, X, new double[] {1}, T),
                "t_x has 1 values, x has 3");
            expect(Status.INVALID_ARG, () -> bg.expectedPurchases(-1, X, TX, T), "t");
            expect(Status.INVALID_ARG, () -> bg.expectedPurchases(39, new double[] {1}, new double[] {0},
                new double[] {5}), "row 0");
            expect(Status.INVALID_ARG, () -> bg.probabilityAlive(X, TX, new double[] {1, 1, 1}), "row 0");
            expect(Status.INVALID_ARG, () -> bg.probabilityOfPurchases(39, -1), "row 0");
            expect(Status.INVALID_ARG, () -> bg.probabilityOfPurchases(39));
            expect(Status.INVALID_ARG, () -> bg.expectedPurchasesNew(Double.NaN));
            expect(Status.INVALID_ARG, () -> bg.expectedPurchasesNew(), "n_rows = 0");
            expect(Status.INVALID_ARG, () -> bg.probabilityAlive(new double[0], new double[0], new double[0]),
                "n_rows = 0");
            expect(Status.INVALID_ARG, () -> gg.expectedAverageSpend(X, new double[] {1, 1}),
                "zbar has 2 values, x has 3");
            expect(Status.INVALID_ARG, () -> bg.customerLifetimeValue(gg, X, TX, T, new double[] {10, 0}, 12,
                4.345, 0.01, 1), "zbar has 2 values");
            expect(Status.INVALID_ARG, () -> bg.customerLifetimeValue(gg, X, TX, T, new double[] {10, 0, 5}, 0,
                4.345, 0.01, 1), "n_periods");
            expect(Status.INVALID_ARG, () -> bg.customerLifetimeValue(null, X, TX, T, new double[] {10, 0, 5}, 12,
                4.345, -0.5, 1), "discount");
            expect(Status.INVALID_ARG, () -> bg.compareHoldout(X, TX, T, new double[] {1, 2, 3}, 39, 0), "n_buckets");
            expect(Status.INVALID_ARG, () -> bg.compareHoldout(X, TX, T, new double[] {1}, 39, 4),
                "x_holdout has 1 values");
            expect(Status.INVALID_ARG, () -> bg.compareHoldout(X, TX, T, new double[] {1, 2, 3}, 0, 4),
                "holdout_length");
            // The model still works after every failure.
            assertEquals(1.226, bg.expectedPurchases(39, 2, 30.43, 38.86), 0.001);
            double[] clv = bg.customerLifetimeValue(null, X, TX, T, new double[] {10, 0, 5}, 12, 4.345, 0.01, 1);
            assertEquals(3, clv.length);
        }
    }

    @Test
    void closeIsIdempotentAndHandlesReturnToBaseline() {
        long baseline = Cseg.liveHandles();
        Transactions tx = Transactions.of(new String[] {"a", "a"}, new long[] {1, 5}, new double[] {1, 2});
        BetaGeoModel bg = new BetaGeoModel();
        ParetoNbdModel pn = new ParetoNbdModel();
        GammaGammaModel gg = new GammaGammaModel();
        assertEquals(baseline + 4, Cseg.liveHandles());
        ClvSummary s = tx.summary(LocalDate.ofEpochDay(10), ClvSummary.Unit.DAYS);
        assertEquals(baseline + 4, Cseg.liveHandles()); // the summary is plain Java
        for (AutoCloseable c : new AutoCloseable[] {tx, bg, pn, gg}) {
            try {
                c.close();
                c.close();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        assertEquals(baseline, Cseg.liveHandles());
        assertTrue(tx.isClosed() && bg.isClosed() && pn.isClosed() && gg.isClosed());
        assertThrows(IllegalStateException.class, tx::nSkipped);
        assertThrows(IllegalStateException.class, () -> tx.summary(LocalDate.ofEpochDay(10), ClvSummary.Unit.DAYS));
        assertThrows(IllegalStateException.class, () -> bg.fit(s));
        assertThrows(IllegalStateException.class, () -> bg.nStarts(2));
        assertThrows(IllegalStateException.class, () -> gg.expectedAverageSpend(s));
        assertEquals("BetaGeoModel[closed]", bg.toString());
        assertArrayEquals(new double[] {1}, s.frequency());
        assertEquals(baseline, Cseg.liveHandles());
    }

    @Test
    void closedSpendModelIsRefused() {
        try (BetaGeoModel bg = new BetaGeoModel().setParams(ClvTest.BG_PUBLISHED)) {
            GammaGammaModel gg = new GammaGammaModel().setParams(ClvTest.GG_PUBLISHED);
            gg.close();
            assertThrows(IllegalStateException.class, () -> bg.customerLifetimeValue(gg, X, TX, T,
                new double[] {10, 0, 5}, 12, 4.345, 0.01, 1));
        }
    }

    @Test
    void manyModelsLeaveNoHandles() {
        long baseline = Cseg.liveHandles();
        for (int i = 0; i < 500; i++) {
            try (BetaGeoModel bg = new BetaGeoModel().setParams(ClvTest.BG_PUBLISHED);
                 Transactions tx = Transactions.of(new String[] {"a", "b"}, new long[] {1, 2}, new double[] {1, 2})) {
                bg.probabilityAlive(X, TX, T);
                tx.summary(LocalDate.ofEpochDay(3), ClvSummary.Unit.DAYS);
                try {
                    bg.expectedPurchases(39, X, TX, new double[] {1});
                } catch (CsegException expected) {
                    // the failed call must not leak either
                }
            }
        }
        assertEquals(baseline, Cseg.liveHandles());
    }
}
