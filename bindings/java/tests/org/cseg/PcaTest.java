package org.cseg;

import static org.cseg.SegmentsTestUtil.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class PcaTest {
    /* Correlated data: a random linear map of independent Gaussians with
     * distinct scales, so the eigenvalues are well separated. */
    private static double[][] data(int n, int d, long seed) {
        Random rng = new Random(seed);
        double[][] a = new double[d][d];
        for (double[] row : a) {
            for (int j = 0; j < d; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                z[j] = rng.nextGaussian() * (d - j) * 2;
            }
            for (int j = 0; j < d; j++) {
                double s = 5 * j;
                for (int t = 0; t < d; t++) {
                    s += a[j][t] * z[t];
                }
                x[i][j] = s;
            }
        }
        return x;
    }

    /* Sample covariance (n - 1), computed here. */
    private static double[][] covariance(double[][] x, double[] mean) {
        int n = x.length;
        int d = mean.length;
        double[][] c = new double[d][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                for (int t = 0; t < d; t++) {
                    c[j][t] += (row[j] - mean[j]) * (row[t] - mean[t]);
                }
            }
        }
        for (double[] row : c) {
            for (int t = 0; t < d; t++) {
                row[t] /= n - 1;
            }
        }
        return c;
    }

    /* Cyclic Jacobi eigen-decomposition of a symmetric matrix: eigenvalues
     * descending in vals, unit eigenvectors in the rows of the result. */
    private static double[][] jacobi(double[][] s, double[] vals) {
        int d = s.length;
        double[][] a = new double[d][];
        double[][] v = new double[d][d];
        for (int i = 0; i < d; i++) {
            a[i] = s[i].clone();
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < d; p++) {
                for (int q = p + 1; q < d; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double sn = t * c;
                    for (int k = 0; k < d; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - sn * akq;
                        a[k][q] = sn * akp + c * akq;
                    }
                    for (int k = 0; k < d; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - sn * aqk;
                        a[q][k] = sn * apk + c * aqk;
                    }
                    for (int k = 0; k < d; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - sn * vkq;
                        v[k][q] = sn * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (i, j) -> Double.compare(a[j][j], a[i][i]));
        double[][] vecs = new double[d][d];
        for (int r = 0; r < d; r++) {
            vals[r] = a[order[r]][order[r]];
            for (int k = 0; k < d; k++) {
                vecs[r][k] = v[k][order[r]];
            }
        }
        return vecs;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    @Test
    void matchesCovarianceEigenDecomposition() {
        int n = 400;
        int d = 5;
        int m = 3;
        double[][] x = data(n, d, 11);
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[][] cov = covariance(x, mean);
        double[] eig = new double[d];
        double[][] vecs = jacobi(cov, eig);
        double trace = 0;
        for (int j = 0; j < d; j++) {
            trace += cov[j][j];
        }
        long baseline = Cseg.liveHandles();
        try (Dataset ds = new Dataset(x); Pca pca = Pca.fit(ds, m)) {
            assertEquals(m, pca.nComponents());
            assertEquals(d, pca.nFeatures());
            double[] ev = pca.explainedVariance();
            double[] ratio = pca.explainedVarianceRatio();
            double[] sv = pca.singularValues();
            double[][] comp = pca.components();
            double[] pm = pca.mean();
            for (int j = 0; j < d; j++) {
                TestData.assertRel(mean[j], pm[j], 1e-12, "mean " + j);
            }
            for (int c = 0; c < m; c++) {
                TestData.assertRel(eig[c], ev[c], 1e-9, "explained variance " + c);
                TestData.assertRel(eig[c] / trace, ratio[c], 1e-9, "ratio " + c);
                TestData.assertRel(ev[c], sv[c] * sv[c] / (n - 1), 1e-12, "singular value " + c);
                // Same axis as the eigenvector, up to sign; orthonormal rows.
                assertEquals(1.0, Math.abs(dot(comp[c], vecs[c])), 1e-8, "component " + c);
                for (int e = 0; e < m; e++) {
                    assertEquals(c == e ? 1.0 : 0.0, dot(comp[c], comp[e]), 1e-12);
                }
            }
            // transform = (x - mean) V^T, with scikit-learn's signs: in each
            // component the largest |score| is positive.
            double[][] t = pca.transform(ds);
            assertEquals(n, t.length);
            for (int c = 0; c < m; c++) {
                int best = 0;
                double var = 0;
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        s += (x[i][j] - mean[j]) * comp[c][j];
                    }
                    assertEquals(s, t[i][c], 1e-9 * Math.max(1, Math.abs(s)));
                    if (Math.abs(t[i][c]) > Math.abs(t[best][c])) {
                        best = i;
                    }
                    var += s * s / (n - 1);
                }
                assertTrue(t[best][c] > 0, "sign of component " + c);
                TestData.assertRel(ev[c], var, 1e-9, "variance of scores " + c);
            }
            // All components: ratios sum to 1.
            try (Pca full = Pca.fit(ds, 0)) {
                assertEquals(d, full.nComponents());
                double s = 0;
                for (double r : full.explainedVarianceRatio()) {
                    s += r;
                }
                assertEquals(1.0, s, 1e-12);
            }
        }
        assertEquals(baseline, Cseg.liveHandles());
    }

    @Test
    void badInputs() {
        long baseline = Cseg.liveHandles();
        double[][] x = data(20, 3, 2);
        try (Dataset ds = new Dataset(x)) {
            expect(Status.INVALID_ARG, () -> Pca.fit(ds, 4));
            expect(Status.INVALID_ARG, () -> Pca.fit(ds, -1));
            try (Dataset one = new Dataset(new double[][] {{1, 2, 3}})) {
                expect(Status.INVALID_ARG, () -> Pca.fit(one, 1));
            }
            x[5][1] = Double.NaN;
            try (Dataset withNaN = new Dataset(x)) {
                expect(Status.MISSING_VALUES, () -> Pca.fit(withNaN, 2));
                try (Pca pca = Pca.fit(ds, 2)) {
                    expect(Status.MISSING_VALUES, () -> pca.transform(withNaN));
                    try (Dataset narrow = new Dataset(new double[][] {{1, 2}, {3, 4}})) {
                        expect(Status.INVALID_ARG, () -> pca.transform(narrow));
                    }
                }
            }
            Pca pca = Pca.fit(ds, 2);
            assertEquals(baseline + 2, Cseg.liveHandles());
            pca.close();
            pca.close();
            assertTrue(pca.isClosed());
            assertThrows(IllegalStateException.class, () -> pca.transform(ds));
            assertThrows(IllegalStateException.class, pca::mean);
        }
        assertEquals(baseline, Cseg.liveHandles());
    }
}
