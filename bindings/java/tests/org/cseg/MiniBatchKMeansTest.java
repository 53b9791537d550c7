package org.cseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class MiniBatchKMeansTest {
    private static double comb2(double n) {
        return n * (n - 1) / 2;
    }

    /* Adjusted Rand index of two labelings with labels 0..9. */
    private static double ari(long[] a, long[] b) {
        double[][] t = new double[10][10];
        double[] ra = new double[10];
        double[] rb = new double[10];
        for (int i = 0; i < a.length; i++) {
            t[(int) a[i]][(int) b[i]]++;
            ra[(int) a[i]]++;
            rb[(int) b[i]]++;
        }
        double s = 0;
        double sa = 0;
        double sb = 0;
        for (int i = 0; i < 10; i++) {
            sa += comb2(ra[i]);
            sb += comb2(rb[i]);
            for (int j = 0; j < 10; j++) {
                s += comb2(t[i][j]);
            }
        }
        double e = sa * sb / comb2(a.length);
        return (s - e) / ((sa + sb) / 2 - e);
    }

    /* tests/fixtures/minibatch (gen_minibatch.py): blobs X, sklearn labels, inertia. */
    @Test
    void agreesWithSklearn() throws Exception {
        List<double[][]> f = TestData.readMats("minibatch/blobs.txt");
        double[][] x = f.get(0);
        double ref = f.get(2)[0][0];
        try (Dataset ds = new Dataset(x);
             MiniBatchKMeans m = MiniBatchKMeans.builder().k(5).seed(0).build().fit(ds)) {
            assertTrue(Math.abs(m.inertia() - ref) <= 0.01 * ref, "inertia " + m.inertia() + " vs " + ref);
            long[] labels = m.labels();
            long[] sk = new long[x.length];
            for (int i = 0; i < x.length; i++) {
                sk[i] = (long) f.get(1)[0][i];
            }
            assertTrue(ari(labels, sk) > 0.99);
            assertEquals(5, m.counts().length);
            assertTrue(m.nSteps() >= 1);
        }
    }

    @Test
    void streamEqualsPartialFits(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<double[][]> f = TestData.readMats("minibatch/blobs.txt");
        double[][] x = Arrays.copyOf(f.get(0), 900);
        Path csv = dir.resolve("x.csv");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("a,b,c,d");
            for (double[] r : x) {
                w.println(r[0] + "," + r[1] + "," + r[2] + "," + r[3]);
            }
        }
        try (MiniBatchKMeans s = MiniBatchKMeans.builder().k(4).seed(2).build();
             MiniBatchKMeans p = MiniBatchKMeans.builder().k(4).seed(2).build()) {
            s.fitCsvStream(csv, null, null, 300, 1);
            for (int r0 = 0; r0 < 900; r0 += 300) {
                try (Dataset ds = new Dataset(Arrays.copyOfRange(x, r0, r0 + 300))) {
                    p.partialFit(ds);
                }
            }
            double[][] a = s.centroids();
            double[][] b = p.centroids();
            for (int j = 0; j < 4; j++) {
                assertArrayEquals(b[j], a[j], 0.0);
            }
            assertEquals(3, s.nSteps());
            try (MiniBatchKMeans back = MiniBatchKMeans.fromBytes(s.toBytes())) {
                assertArrayEquals(s.counts(), back.counts(), 0.0);
            }
        }
    }

    @Test
    void badInputs() {
        assertThrows(CsegException.class, () -> MiniBatchKMeans.builder().batchSize(0).build());
        assertThrows(CsegException.class, () -> MiniBatchKMeans.builder().reassignmentRatio(-1).build());
        try (MiniBatchKMeans m = MiniBatchKMeans.builder().k(5).build();
             Dataset small = new Dataset(new double[][] {{1, 2}, {3, 4}})) {
            assertThrows(CsegException.class, () -> m.partialFit(small));
            assertThrows(CsegException.class, () -> m.fit(small));
            assertThrows(CsegException.class, () -> m.fitCsvStream(Path.of("/nonexistent.csv"), null, null, 10, 1));
            assertThrows(CsegException.class, m::centroids);
        }
    }
}
