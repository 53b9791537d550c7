package org.cseg;

import org.cseg.internal.CsegNative;

/**
 * Each customer's segment, distance, margin and runner-up segment, from
 * {@link KMeans#assign(Dataset)}. Every getter returns a fresh copy.
 *
 * <p>Close it (try-with-resources) to free the native memory at once; a
 * forgotten assignment is freed after garbage collection.
 */
public final class Assignment implements AutoCloseable {
    private final NativeHandle handle;
    private final int n;

    Assignment(long ptr) {
        this.handle = new NativeHandle(this, ptr, CsegNative::assignment_free, "Assignment");
        this.n = (int) CsegNative.assignment_n_rows(ptr);
    }

    /**
     * Number of customers.
     *
     * @return rows of the assigned dataset
     */
    public int size() {
        return n;
    }

    /**
     * Segment of each customer.
     *
     * @return size() labels, 0-based
     */
    public int[] labels() {
        return Arrays2.toInt(labelsLong());
    }

    /**
     * Segment of each customer as the C library's 64-bit integers.
     *
     * @return size() labels, 0-based
     */
    public long[] labelsLong() {
        long[] out = new long[n];
        handle.run(p -> CsegNative.assignment_get_labels(p, out));
        return out;
    }

    /**
     * Euclidean distance of each customer to its centroid.
     *
     * @return size() distances
     */
    public double[] distances() {
        double[] out = new double[n];
        handle.run(p -> CsegNative.assignment_get_distances(p, out));
        return out;
    }

    /**
     * Distance to the second-nearest centroid minus distance to the nearest
     * (0 when k = 1).
     *
     * @return size() margins
     */
    public double[] margins() {
        double[] out = new double[n];
        handle.run(p -> CsegNative.assignment_get_margins(p, out));
        return out;
    }

    /**
     * Second-nearest segment of each customer (-1 when k = 1).
     *
     * @return size() labels
     */
    public int[] runnerUp() {
        long[] out = new long[n];
        handle.run(p -> CsegNative.assignment_get_runner_up(p, out));
        return Arrays2.toInt(out);
    }

    /**
     * Certainty of each label in [0, 1]: for centroid models the relative gap
     * (d2 - d1) / d2 to the runner-up (1 when k = 1), for mixtures the largest
     * posterior probability, for DBSCAN 1 inside a cluster and 0 for noise.
     *
     * @return size() confidences
     */
    public double[] confidence() {
        double[] out = new double[n];
        handle.run(p -> CsegNative.assignment_get_confidence(p, out));
        return out;
    }

    /**
     * Customers whose confidence is below the model's borderline threshold
     * ({@code borderline_margin} or {@code borderline_prob}).
     *
     * @return size() flags
     */
    public boolean[] borderline() {
        long[] flags = new long[n];
        handle.run(p -> CsegNative.assignment_get_borderline(p, flags));
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++)
            out[i] = flags[i] != 0;
        return out;
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /** Frees the native assignment. Idempotent; later use throws IllegalStateException. */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return "Assignment[" + n + " customers" + (isClosed() ? ", closed]" : "]");
    }
}
