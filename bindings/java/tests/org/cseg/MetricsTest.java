package org.cseg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MetricsTest {
    /* tests/fixtures/metrics_blobs.txt: sklearn's values for labelled blobs. */
    @Test
    void agreesWithSklearn() throws Exception {
        List<String> lines = Files.readAllLines(TestData.fixtures().resolve("metrics_blobs.txt"));
        Map<String, Double> ref = new HashMap<>();
        List<double[]> rows = new ArrayList<>();
        boolean data = false;
        for (String line : lines) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (line.equals("data")) {
                data = true;
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (data) {
                double[] r = new double[f.length];
                for (int j = 0; j < f.length; j++) {
                    r[j] = Double.parseDouble(f[j]);
                }
                rows.add(r);
            } else {
                ref.put(f[0], Double.parseDouble(f[1]));
            }
        }
        int n = ref.get("rows").intValue();
        int d = ref.get("cols").intValue();
        assertEquals(n, rows.size());
        int[] labels = new int[n];
        double[][] x = new double[n][d];
        double[] samples = new double[n];
        for (int i = 0; i < n; i++) {
            double[] r = rows.get(i);
            labels[i] = (int) r[0];
            System.arraycopy(r, 1, x[i], 0, d);
            samples[i] = r[1 + d];
        }
        try (Dataset ds = new Dataset(x)) {
            TestData.assertRel(ref.get("silhouette"), Metrics.silhouette(ds, labels), 1e-9, "silhouette");
            TestData.assertRel(ref.get("calinski_harabasz"), Metrics.calinskiHarabasz(ds, labels), 1e-9, "CH");
            TestData.assertRel(ref.get("davies_bouldin"), Metrics.daviesBouldin(ds, labels), 1e-9, "DB");
            TestData.assertRel(ref.get("inertia"), Metrics.inertia(ds, labels), 1e-9, "inertia");
            double[] s = Metrics.silhouetteSamples(ds, labels);
            for (int i = 0; i < n; i++) {
                TestData.assertRel(samples[i], s[i], 1e-9, "silhouette of row " + i);
            }
            double sampled = Metrics.silhouette(ds, labels, 100, 7);
            assertEquals(sampled, Metrics.silhouette(ds, labels, 100, 7), "same seed, same sample");
        }
    }
}
