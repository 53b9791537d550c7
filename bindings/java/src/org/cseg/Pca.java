package org.cseg;

import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * Principal component analysis, for plotting segments in 2-D or 3-D; matches
 * {@code sklearn.decomposition.PCA(n_components=m, svd_solver="full")}
 * (centred, not scaled; scikit-learn's sign convention).
 *
 * <pre>{@code
 * try (Pca pca = Pca.fit(ds, 2)) {
 *     double[][] xy = pca.transform(ds);
 *     System.out.println(java.util.Arrays.toString(pca.explainedVarianceRatio()));
 * }
 * }</pre>
 *
 * <p>Close it (try-with-resources) to free the native memory at once; a
 * forgotten PCA is freed after garbage collection. Read-only once fitted: any
 * number of threads may transform at once.
 */
public final class Pca implements AutoCloseable {
    private final NativeHandle handle;
    private final int m;
    private final int d;

    private Pca(long ptr) {
        this.handle = new NativeHandle(this, ptr, CsegNative::pca_free, "Pca");
        this.m = (int) CsegNative.pca_n_components(ptr);
        this.d = (int) CsegNative.pca_n_features(ptr);
    }

    /**
     * Fits a PCA.
     *
     * @param data        dataset without missing values, at least 2 rows
     * @param nComponents 1..min(rows, columns), or 0 for min(rows, columns)
     * @return the fitted PCA, to be closed
     * @throws CsegException ({@link Status#INVALID_ARG}) for fewer than 2 rows or
     *         nComponents out of range; {@link Status#MISSING_VALUES};
     *         {@link Status#NOT_CONVERGED} when the SVD does not converge
     */
    public static Pca fit(Dataset data, int nComponents) {
        Objects.requireNonNull(data, "data");
        long p = data.handle.acquire();
        try {
            return new Pca(CsegNative.pca_new(p, nComponents));
        } finally {
            data.handle.release();
        }
    }

    /**
     * Number of components.
     *
     * @return m
     */
    public int nComponents() {
        return m;
    }

    /**
     * Number of features.
     *
     * @return d
     */
    public int nFeatures() {
        return d;
    }

    private double[] get(int what, int n) {
        double[] out = new double[n];
        handle.run(p -> CsegNative.pca_get(p, what, out));
        return out;
    }

    /**
     * The principal axes, unit length, by decreasing variance.
     *
     * @return m arrays of d values
     */
    public double[][] components() {
        return Arrays2.unflatten(get(CsegNative.CSEG_PCA_COMPONENTS, m * d), m, d);
    }

    /**
     * Variance along each axis, S^2 / (n - 1).
     *
     * @return m values
     */
    public double[] explainedVariance() {
        return get(CsegNative.CSEG_PCA_EXPLAINED_VARIANCE, m);
    }

    /**
     * Share of the total variance along each axis.
     *
     * @return m values
     */
    public double[] explainedVarianceRatio() {
        return get(CsegNative.CSEG_PCA_EXPLAINED_RATIO, m);
    }

    /**
     * Singular values of the centred data.
     *
     * @return m values
     */
    public double[] singularValues() {
        return get(CsegNative.CSEG_PCA_SINGULAR_VALUES, m);
    }

    /**
     * Feature means removed before projecting.
     *
     * @return d values
     */
    public double[] mean() {
        return get(CsegNative.CSEG_PCA_MEAN, d);
    }

    /**
     * Projects the rows of a dataset on the components: (x - mean) V^T.
     *
     * @param data dataset with d columns, no missing values
     * @return one array of m coordinates per row
     * @throws CsegException ({@link Status#INVALID_ARG}) for another width;
     *         {@link Status#MISSING_VALUES}
     */
    public double[][] transform(Dataset data) {
        Objects.requireNonNull(data, "data");
        long n = (long) data.nRows() * m;
        if (n > Integer.MAX_VALUE - 8) {
            throw new CsegException(Status.NOMEM.code(), n + " values exceed one Java array");
        }
        double[] flat = new double[(int) n];
        long p = handle.acquire();
        try {
            long dp = data.handle.acquire();
            try {
                CsegNative.pca_transform(p, dp, flat);
            } finally {
                data.handle.release();
            }
        } finally {
            handle.release();
        }
        return Arrays2.unflatten(flat, data.nRows(), m);
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /** Frees the native PCA. Idempotent; later use throws IllegalStateException. */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return "Pca[" + m + " components of " + d + " features" + (isClosed() ? ", closed]" : "]");
    }
}
