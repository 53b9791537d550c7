package org.cseg;

import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * Internal validity indices of a segmentation; they agree with
 * {@code sklearn.metrics} to 1e-9 relative.
 *
 * <pre>{@code
 * double s = Metrics.silhouette(ds, model.assign(ds).labels());
 * }</pre>
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Mean silhouette coefficient (Rousseeuw 1987), exact: O(n^2 d) time.
     *
     * @param data   dataset without missing values
     * @param labels one segment number (0 or more) per row
     * @return the mean silhouette in [-1, 1]
     * @throws CsegException ({@link Status#INVALID_ARG}) for a wrong label count or
     *         fewer than 2 / more than n-1 segments; {@link Status#MISSING_VALUES}
     */
    public static double silhouette(Dataset data, int[] labels) {
        return silhouette(data, labels, 0, 0);
    }

    /**
     * Mean silhouette coefficient on a random sample of rows.
     *
     * @param data       dataset without missing values
     * @param labels     one segment number per row
     * @param sampleSize 0 for all rows, else 2..n rows drawn without replacement
     * @param seed       seed of the sample, 0 or more
     * @return the mean silhouette of the sample
     * @throws CsegException as {@link #silhouette(Dataset, int[])}
     */
    public static double silhouette(Dataset data, int[] labels, long sampleSize, long seed) {
        long[] l = Arrays2.toLong(Objects.requireNonNull(labels, "labels"));
        long p = data.handle.acquire();
        try {
            return CsegNative.metric_silhouette(p, l, sampleSize, seed);
        } finally {
            data.handle.release();
        }
    }

    /**
     * Silhouette coefficient of every row (exact).
     *
     * @param data   dataset without missing values
     * @param labels one segment number per row
     * @return one coefficient per row
     * @throws CsegException as {@link #silhouette(Dataset, int[])}
     */
    public static double[] silhouetteSamples(Dataset data, int[] labels) {
        long[] l = Arrays2.toLong(Objects.requireNonNull(labels, "labels"));
        double[] out = new double[data.nRows()];
        long p = data.handle.acquire();
        try {
            CsegNative.metric_silhouette_samples(p, l, out);
        } finally {
            data.handle.release();
        }
        return out;
    }

    /**
     * Calinski-Harabasz index: between / within dispersion, scaled by (n-k)/(k-1). Higher is better.
     *
     * @param data   dataset without missing values
     * @param labels one segment number per row
     * @return the index
     * @throws CsegException as {@link #silhouette(Dataset, int[])}
     */
    public static double calinskiHarabasz(Dataset data, int[] labels) {
        long[] l = Arrays2.toLong(Objects.requireNonNull(labels, "labels"));
        long p = data.handle.acquire();
        try {
            return CsegNative.metric_calinski_harabasz(p, l);
        } finally {
            data.handle.release();
        }
    }

    /**
     * Davies-Bouldin index: mean over segments of the worst (s_i + s_j) / d(c_i, c_j). Lower is better.
     *
     * @param data   dataset without missing values
     * @param labels one segment number per row
     * @return the index
     * @throws CsegException as {@link #silhouette(Dataset, int[])}
     */
    public static double daviesBouldin(Dataset data, int[] labels) {
        long[] l = Arrays2.toLong(Objects.requireNonNull(labels, "labels"));
        long p = data.handle.acquire();
        try {
            return CsegNative.metric_davies_bouldin(p, l);
        } finally {
            data.handle.release();
        }
    }

    /**
     * Inertia: sum of squared distances of rows to the mean of their segment.
     *
     * @param data   dataset without missing values
     * @param labels one segment number (0 or more) per row
     * @return the inertia
     * @throws CsegException ({@link Status#INVALID_ARG}) for a wrong label count or a
     *         negative label; {@link Status#MISSING_VALUES}
     */
    public static double inertia(Dataset data, int[] labels) {
        long[] l = Arrays2.toLong(Objects.requireNonNull(labels, "labels"));
        long p = data.handle.acquire();
        try {
            return CsegNative.metric_inertia(p, l);
        } finally {
            data.handle.release();
        }
    }
}
