package org.cseg;

import static org.cseg.SegmentsTestUtil.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessorTest {
    private static final String[] NAMES = {"recency", "monetary", "channel"};

    /* Skewed spend, gaps in the numeric columns, a channel code 1..3. */
    private static double[][] raw(int n, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[n][3];
        for (int i = 0; i < n; i++) {
            x[i][0] = -60 * Math.log(1 - rng.nextDouble());
            x[i][1] = Math.exp(4 + 1.2 * rng.nextGaussian());
            x[i][2] = 1 + rng.nextInt(3);
        }
        x[3][0] = Double.NaN;
        x[17][1] = Double.NaN;
        if (n > 40) {
            x[40][1] = Double.NaN;
        }
        return x;
    }

    private static Dataset dataset(double[][] x) {
        return new Dataset(x).setColumnNames(NAMES);
    }

    private static double median(double[] v) {
        double[] s = Arrays.stream(v).filter(d -> !Double.isNaN(d)).sorted().toArray();
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /* Impute the median, optionally log1p, z-score with the population sd: the reference. */
    private static double[] zscore(double[] v, boolean log1p) {
        double fill = median(v);
        double[] t = new double[v.length];
        double mean = 0;
        for (int i = 0; i < v.length; i++) {
            double x = Double.isNaN(v[i]) ? fill : v[i];
            t[i] = log1p ? Math.log1p(x) : x;
            mean += t[i];
        }
        mean /= v.length;
        double ss = 0;
        for (double x : t) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / v.length);
        for (int i = 0; i < t.length; i++) {
            t[i] = (t[i] - mean) / sd;
        }
        return t;
    }

    private static double[] column(double[][] x, int j) {
        return Arrays.stream(x).mapToDouble(r -> r[j]).toArray();
    }

    private static Preprocessor settings() {
        return Preprocessor.builder()
            .defaults(Preprocessor.Missing.MEDIAN, Preprocessor.Scaler.ZSCORE, false)
            .column("monetary", Preprocessor.column().log1p(true).weight(2.0))
            .categorical("channel")
            .build();
    }

    @Test
    void matchesTheStepsComputedHere() {
        double[][] x = raw(150, 3);
        try (Preprocessor prep = settings(); Dataset ds = dataset(x); Dataset out = prep.fitTransform(ds)) {
            assertArrayEquals(new String[] {"recency", "monetary", "channel=1", "channel=2", "channel=3"},
                prep.outputNames());
            assertArrayEquals(NAMES, prep.inputNames());
            double[] r = zscore(column(x, 0), false);
            double[] m = zscore(column(x, 1), true);
            double[][] t = out.toArray();
            for (int i = 0; i < x.length; i++) {
                TestData.assertRel(r[i], t[i][0], 1e-12, "recency row " + i);
                TestData.assertRel(m[i] * Math.sqrt(2), t[i][1], 1e-12, "monetary row " + i);
                for (int l = 1; l <= 3; l++) {
                    assertEquals(x[i][2] == l ? 1.0 : 0.0, t[i][1 + l]);
                }
            }
            assertEquals(median(column(x, 1)), prep.statistic("monetary", Preprocessor.Stat.FILL));
            assertEquals(2.0, prep.statistic("monetary", Preprocessor.Stat.WEIGHT));
            assertEquals(3.0, prep.statistic("channel", Preprocessor.Stat.N_LEVELS));
            assertEquals(2, prep.nImputed("monetary"));
            assertEquals(0, prep.nDropped());
            assertArrayEquals(t[3], prep.transformOne(x[3]), 1e-15);
            try (Preprocessor back = Preprocessor.fromBytes(prep.toBytes()); Dataset again = back.transform(ds)) {
                assertArrayEquals(out.toRowMajor(), again.toRowMajor(), 0.0);
            }
        }
    }

    @Test
    void dropRowPolicyLeavesRowsOut() {
        double[][] x = raw(60, 5);
        try (Preprocessor prep = Preprocessor.builder()
                .defaults(Preprocessor.Missing.MEDIAN, Preprocessor.Scaler.NONE, false)
                .column("monetary", Preprocessor.column().missing(Preprocessor.Missing.DROP_ROW))
                .build();
             Dataset ds = dataset(x); Dataset out = prep.fitTransform(ds)) {
            assertEquals(58, out.nRows());
            assertEquals(2, prep.nDropped());
            assertFalse(Arrays.asList(out.ids()).contains(ds.id(17)));
        }
    }

    @Test
    void kmeansWithPreprocessorEqualsKMeansOnTransformedData(@TempDir Path dir) {
        double[][] x = raw(200, 9);
        try (Dataset ds = dataset(x);
             Preprocessor prep = settings();
             KMeans model = KMeans.builder().k(3).seed(4).nInit(2).preprocessor(prep).build().fit(ds);
             Preprocessor byHand = settings();
             Dataset xt = byHand.fitTransform(ds);
             KMeans plain = KMeans.builder().k(3).seed(4).nInit(2).build().fit(xt)) {
            assertFalse(prep.isFitted()); // the model fitted its own copy
            double[][] a = model.centroids();
            double[][] b = plain.centroids();
            for (int c = 0; c < 3; c++) {
                for (int j = 0; j < a[c].length; j++) {
                    TestData.assertRel(b[c][j], a[c][j], 1e-10, "centroid " + c + "," + j);
                }
            }
            assertArrayEquals(plain.trainingLabels(), model.trainingLabels());
            assertArrayEquals(byHand.outputNames(), model.featureNames());
            try (Preprocessor got = model.preprocessor()) {
                assertTrue(got.isFitted());
                assertArrayEquals(NAMES, got.inputNames());
            }
            // Raw customers, NaN included (row 17 has no monetary value).
            try (Assignment asg = model.assign(ds)) {
                assertArrayEquals(model.trainingLabels(), asg.labels());
            }
            assertEquals(model.trainingLabels()[17], model.assignOne(x[17]));
            // The preprocessing travels with the model.
            Path file = dir.resolve("m.cseg");
            model.save(file);
            assertTrue(Files.exists(file));
            try (KMeans back = KMeans.load(file); KMeans fromBytes = KMeans.fromBytes(model.toBytes());
                 Assignment a1 = back.assign(ds); Assignment a2 = fromBytes.assign(ds)) {
                assertArrayEquals(model.trainingLabels(), a1.labels());
                assertArrayEquals(model.trainingLabels(), a2.labels());
            }
        }
        try (KMeans none = KMeans.builder().k(2).build()) {
            assertNull(none.preprocessor());
        }
    }

    @Test
    void customersItCannotCompleteGetMinusOne() {
        double[][] x = raw(80, 2);
        try (Dataset ds = dataset(x);
             Preprocessor prep = Preprocessor.builder()
                 .defaults(Preprocessor.Missing.DROP_ROW, Preprocessor.Scaler.ZSCORE, false)
                 .build();
             KMeans model = KMeans.builder().k(2).seed(1).preprocessor(prep).build().fit(ds)) {
            int[] labels = model.trainingLabels();
            assertEquals(-1, labels[3]);
            assertEquals(-1, labels[17]);
            assertTrue(labels[0] >= 0);
            assertEquals(-1, model.assignOne(x[40]));
        }
    }

    @Test
    void badSettingsNameTheColumn() {
        try (Preprocessor p = Preprocessor.builder()
                .defaults(Preprocessor.Missing.MEDIAN, Preprocessor.Scaler.NONE, false)
                .column("spend", Preprocessor.column().weight(2)).build();
             Dataset ds = dataset(raw(30, 1))) {
            expect(Status.INVALID_ARG, () -> p.fit(ds), "spend");
        }
        expect(Status.INVALID_ARG, () -> Preprocessor.builder()
            .column("monetary", Preprocessor.column().weight(-1)).build(), "weight");
        expect(Status.INVALID_ARG, () -> Preprocessor.builder()
            .column("monetary", Preprocessor.column().missing(Preprocessor.Missing.CONSTANT)).build(), "monetary");
        expect(Status.INVALID_ARG, () -> Preprocessor.builder()
            .defaults(Preprocessor.Missing.CONSTANT, Preprocessor.Scaler.NONE, false).build());
        try (Preprocessor p = Preprocessor.builder().build(); Dataset ds = dataset(raw(30, 1))) {
            expect(Status.MISSING_VALUES, () -> p.fit(ds), "recency");
            expect(Status.NOT_FITTED, () -> p.transform(ds));
            expect(Status.NOT_FITTED, () -> p.transformOne(new double[3]));
        }
        double[][] neg = raw(30, 1);
        neg[3][0] = 1;
        neg[17][1] = 1;
        neg[5][1] = -3;
        try (Preprocessor p = Preprocessor.builder()
                .column("monetary", Preprocessor.column().log1p(true)).build();
             Dataset ds = dataset(neg)) {
            expect(Status.INVALID_ARG, () -> p.fit(ds), "monetary");
        }
    }
}
