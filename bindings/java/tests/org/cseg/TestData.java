package org.cseg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/* Fixtures and helpers shared by the tests. */
final class TestData {
    private TestData() {
    }

    static Path fixtures() {
        String env = System.getenv("CSEG_FIXTURES");
        return Path.of(env != null ? env : "tests/fixtures");
    }

    /** The wholesale customers CSV: the project's copy, else the shared one. */
    static Path wholesaleCsv() {
        for (String var : new String[] {"CSEG_DATA", "CSEG_SHARED_DATA"}) {
            String dir = System.getenv(var);
            if (dir == null) {
                continue;
            }
            for (Path p : new Path[] {Path.of(dir, "wholesale_customers.csv"),
                Path.of(dir, "wholesale", "wholesale_customers.csv")}) {
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("wholesale_customers.csv not found (CSEG_DATA, CSEG_SHARED_DATA)");
    }

    /** CDNOW_sample.txt, passed by meson as -Dcseg.test.cdnow (else under CSEG_DATA). */
    static Path cdnowSample() {
        String prop = System.getProperty("cseg.test.cdnow");
        if (prop != null) {
            return Path.of(prop);
        }
        String dir = System.getenv("CSEG_DATA");
        return Path.of(dir != null ? dir : "data", "cdnow", "CDNOW_sample.txt");
    }

    /** Matrices of a gen_kmeans.py fixture: lines "rows cols", then the rows. */
    static List<double[][]> readMats(String name) throws IOException {
        List<String> lines = Files.readAllLines(fixtures().resolve(name));
        List<double[][]> out = new ArrayList<>();
        int at = 0;
        while (at < lines.size()) {
            String head = lines.get(at++).trim();
            if (head.isEmpty()) {
                continue;
            }
            String[] rc = head.split("\\s+");
            int r = Integer.parseInt(rc[0]);
            int c = Integer.parseInt(rc[1]);
            double[][] m = new double[r][c];
            for (int i = 0; i < r; i++) {
                String[] f = lines.get(at++).trim().split("\\s+");
                for (int j = 0; j < c; j++) {
                    m[i][j] = Double.parseDouble(f[j]);
                }
            }
            out.add(m);
        }
        return out;
    }

    /** Gaussian blobs: k groups in d dimensions. */
    static double[][] blobs(int n, int d, int k, long seed) {
        Random rng = new Random(seed);
        double[][] centres = new double[k][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = rng.nextGaussian() * 10;
            }
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            double[] c = centres[i % k];
            for (int j = 0; j < d; j++) {
                x[i][j] = c[j] + rng.nextGaussian();
            }
        }
        return x;
    }

    static double sqDist(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = a[j] - b[j];
            s += t * t;
        }
        return s;
    }

    static void assertRel(double expected, double actual, double rel, String what) {
        double tol = rel * Math.max(1.0, Math.abs(expected));
        if (!(Math.abs(expected - actual) <= tol)) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual
                + " (relative tolerance " + rel + ")");
        }
    }
}
