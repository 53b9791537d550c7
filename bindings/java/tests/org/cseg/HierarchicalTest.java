package org.cseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HierarchicalTest {
    /* SciPy's references of tests/fixtures/hierarchical (gen_hclust.py):
     * [k, t], Z, fcluster maxclust, fcluster distance, cut_tree. */
    @ParameterizedTest
    @ValueSource(strings = {"ward", "complete", "average", "single"})
    void matchesScipy(String method) throws Exception {
        double[][] x = TestData.readMats("hierarchical/wholesale_x.txt").get(0);
        List<double[][]> f = TestData.readMats("hierarchical/wholesale_" + method + ".txt");
        int k = (int) f.get(0)[0][0];
        double[][] z = f.get(1);
        try (Dataset ds = new Dataset(x);
             Hierarchical m = Hierarchical.builder()
                 .linkage(Hierarchical.Linkage.valueOf(method.toUpperCase()))
                 .nClusters(k).build().fit(ds)) {
            double[][] mine = m.linkage();
            assertEquals(z.length, mine.length);
            for (int i = 0; i < z.length; i++) {
                assertEquals(z[i][0], mine[i][0], "row " + i);
                assertEquals(z[i][1], mine[i][1], "row " + i);
                assertEquals(z[i][2], mine[i][2], 1e-9 * z[i][2], "row " + i);
                assertEquals(z[i][3], mine[i][3], "row " + i);
            }
            long[] labels = m.labels();
            Map<Long, Double> fw = new HashMap<>();
            Map<Double, Long> bw = new HashMap<>();
            for (int i = 0; i < labels.length; i++) {
                final double ref = f.get(2)[i][0];
                final long got = labels[i];
                assertEquals(ref, fw.computeIfAbsent(got, l -> ref));
                assertEquals(got, bw.computeIfAbsent(ref, r -> got));
            }
            assertEquals(k, m.nClusters());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ward"})
    void persistDendrogramAndBadInputs(String unused) throws Exception {
        double[][] x = TestData.readMats("hierarchical/blobs_x.txt").get(0);
        Path path = Files.createTempFile("hclust", ".cseg");
        Path json = Files.createTempFile("hclust", ".json");
        try (Dataset ds = new Dataset(x);
             Hierarchical m = Hierarchical.builder().nClusters(5).build().fit(ds)) {
            m.save(path);
            try (Hierarchical back = Hierarchical.load(path)) {
                assertEquals(Hierarchical.Linkage.WARD, back.linkageMethod());
                for (double[] row : x) {
                    assertEquals(m.assignOne(row), back.assignOne(row));
                }
                assertArrayEquals(m.linkage()[10], back.linkage()[10]);
            }
            m.writeDendrogram(json, true);
            assertTrue(Files.readString(json).contains("\"format\": \"cseg-dendrogram\""));
        } finally {
            Files.deleteIfExists(path);
            Files.deleteIfExists(json);
        }
        CsegException e = assertThrows(CsegException.class,
            () -> Hierarchical.builder().nClusters(0).build());
        assertEquals(Status.INVALID_ARG, e.getStatus());
        assertThrows(CsegException.class, () -> Hierarchical.builder().cutHeight(-1).build());
        assertThrows(CsegException.class, () -> Hierarchical.builder().maxMemoryMb(0).build());
        // 1000 rows: the distance matrix needs 3.8 MiB, above a 1 MiB budget.
        double[][] big = new double[1000][2];
        for (int i = 0; i < big.length; i++) {
            big[i][0] = i;
            big[i][1] = (i * 7919) % 1000;
        }
        try (Dataset ds = new Dataset(big);
             Hierarchical m = Hierarchical.builder().linkage(Hierarchical.Linkage.AVERAGE)
                 .maxMemoryMb(1).build()) {
            assertEquals(Status.NOMEM, assertThrows(CsegException.class, () -> m.fit(ds)).getStatus());
        }
    }
}
