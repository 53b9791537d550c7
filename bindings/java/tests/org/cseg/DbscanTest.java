package org.cseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DbscanTest {
    /* The sklearn references of tests/fixtures/dbscan (gen_dbscan.py):
     * params (eps, min_samples, weighted), x, weights, labels, core indices. */
    @ParameterizedTest
    @ValueSource(strings = {"blobs", "blobs_weighted", "wholesale", "duplicates", "bridge"})
    void matchesSklearn(String name) throws Exception {
        List<double[][]> f = TestData.readMats("dbscan/dbscan_" + name + ".txt");
        double[] params = f.get(0)[0];
        double[][] x = f.get(1);
        int n = x.length;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = f.get(2)[i][0];
        }
        try (Dataset ds = new Dataset(x);
             Dbscan m = Dbscan.builder().eps(params[0]).minSamples((long) params[1]).build()) {
            m.fit(ds, params[2] != 0 ? w : null);
            long[] labels = m.labels();
            for (int i = 0; i < n; i++) {
                assertEquals((long) f.get(3)[i][0], labels[i], "row " + i);
            }
            long[] core = m.coreSampleIndices();
            double[][] comp = m.components();
            assertEquals(f.get(4).length, core.length);
            for (int r = 0; r < core.length; r++) {
                assertEquals((long) f.get(4)[r][0], core[r]);
                assertArrayEquals(x[(int) core[r]], comp[r]);
            }
            // Core samples are their own nearest core sample.
            for (long r : core) {
                assertEquals(labels[(int) r], m.assignOne(x[(int) r]));
            }
        }
    }

    @Test
    void assignPersistAndBadInputs() throws Exception {
        List<double[][]> f = TestData.readMats("dbscan/dbscan_blobs.txt");
        double[][] x = f.get(1);
        Path path = Files.createTempFile("dbscan", ".cseg");
        try (Dataset ds = new Dataset(x);
             Dbscan m = Dbscan.builder().eps(0.5).minSamples(5).build().fit(ds)) {
            assertEquals(-1, m.assignOne(new double[] {100, 100, 100}));
            int[] labels;
            try (Assignment a = m.assign(ds)) {
                labels = a.labels();
                double[] conf = a.confidence();
                for (int i = 0; i < labels.length; i++) {
                    assertEquals(labels[i] >= 0 ? 1.0 : 0.0, conf[i]);
                }
            }
            m.save(path);
            try (Dbscan back = Dbscan.load(path); Dbscan copy = Dbscan.fromBytes(m.toBytes());
                 Assignment a = back.assign(ds); Assignment b = copy.assign(ds)) {
                assertArrayEquals(labels, a.labels());
                assertArrayEquals(labels, b.labels());
                assertEquals(0.5, back.eps());
                assertEquals(5, back.minSamples());
                assertThrows(CsegException.class, back::labels);
            }
            assertThrows(CsegException.class, () -> m.assignOne(new double[] {1, 2}));
            assertThrows(CsegException.class, () -> m.assignOne(new double[] {1, Double.NaN, 2}));
        } finally {
            Files.deleteIfExists(path);
        }
        assertThrows(CsegException.class, () -> Dbscan.builder().eps(0).build());
        assertThrows(CsegException.class, () -> Dbscan.builder().eps(-1).build());
        assertThrows(CsegException.class, () -> Dbscan.builder().eps(Double.NaN).build());
        assertThrows(CsegException.class, () -> Dbscan.builder().minSamples(0).build());
        try (Dataset ds = new Dataset(x); Dbscan m = Dbscan.builder().eps(1e-6).minSamples(3).build()) {
            CsegException e = assertThrows(CsegException.class, () -> m.fit(ds));
            assertTrue(e.getMessage().contains("no core point"), e.getMessage());
            double[] w = new double[x.length];
            java.util.Arrays.fill(w, 1.0);
            w[5] = -1;
            assertThrows(CsegException.class, () -> m.fit(ds, w));
        }
    }
}
