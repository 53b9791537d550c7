package org.cseg;

import java.nio.file.Path;
import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * What every cseg_model-backed class shares: the native handle, the fitted
 * flag, and the calls that are the same C function whatever the algorithm.
 * Package-private on purpose: each public model class keeps its own public
 * methods and Javadoc (which say what the call means for that algorithm) and
 * delegates here, so users see exactly the per-class API.
 *
 * @param <T> the concrete model class, returned by the fluent calls
 */
abstract class SegmentationModel<T extends SegmentationModel<T>> implements AutoCloseable {
    final NativeHandle handle;
    volatile boolean fitted;
    private final String kind;

    SegmentationModel(long ptr, boolean fitted, String kind) {
        this.handle = new NativeHandle(this, ptr, CsegNative::model_free, kind);
        this.fitted = fitted;
        this.kind = kind;
    }

    /** This object as its concrete class (the fluent calls return it). */
    @SuppressWarnings("unchecked")
    final T self() {
        return (T) this;
    }

    /** A call on the model and a dataset, both held for its duration. */
    interface DataCall<R> {
        R apply(long model, long data);
    }

    /** Runs {@code work} with the model and {@code data} acquired. */
    final <R> R withData(Dataset data, DataCall<R> work) {
        Objects.requireNonNull(data, "data");
        long p = handle.acquire();
        try {
            long d = data.handle.acquire();
            try {
                return work.apply(p, d);
            } finally {
                data.handle.release();
            }
        } finally {
            handle.release();
        }
    }

    /**
     * Fits on data (weighted unless weights is null) and marks the model fitted.
     * On failure the model is unchanged and still unfitted if it was.
     */
    final T fitWith(Dataset data, double[] weights) {
        withData(data, (p, d) -> {
            if (weights == null) {
                CsegNative.model_fit(p, d);
            } else {
                CsegNative.model_fit_weighted(p, d, weights);
            }
            return null;
        });
        fitted = true;
        return self();
    }

    /** Marks the model fitted after a fitting call made by a subclass. */
    final T markFitted() {
        fitted = true;
        return self();
    }

    final long getInt(int key) {
        return handle.call(p -> CsegNative.model_get_int(p, key));
    }

    final double getDouble(int key) {
        return handle.call(p -> CsegNative.model_get_double(p, key));
    }

    final String getString(int key) {
        return handle.call(p -> CsegNative.model_get_string(p, key));
    }

    /** A named result array, flat, sized by its shape; p is held by the caller. */
    static double[] arrayAt(long p, String name) {
        long[] shape = CsegNative.model_array_shape(p, name);
        double[] out = new double[Math.toIntExact(shape[0] * shape[1])];
        CsegNative.model_get_array(p, name, out);
        return out;
    }

    /** As {@link #arrayAt}, acquiring the model itself. */
    final double[] array(String name) {
        return handle.call(p -> arrayAt(p, name));
    }

    /** k x d centroids, read under one acquire so k and d match the array. */
    final double[][] centroidRows() {
        return handle.call(p -> {
            int k = (int) CsegNative.model_get_int(p, CsegNative.CSEG_RESULT_N_CLUSTERS);
            int d = (int) CsegNative.model_get_int(p, CsegNative.CSEG_RESULT_N_FEATURES);
            double[] flat = new double[k * d];
            CsegNative.model_get_centroids(p, flat);
            return Arrays2.unflatten(flat, k, d);
        });
    }

    final double inertiaValue() {
        return getDouble(CsegNative.CSEG_RESULT_INERTIA);
    }

    final int clusterCount() {
        return (int) getInt(CsegNative.CSEG_RESULT_N_CLUSTERS);
    }

    final int featureCount() {
        return (int) getInt(CsegNative.CSEG_RESULT_N_FEATURES);
    }

    final long trainRowCount() {
        return getInt(CsegNative.CSEG_RESULT_N_TRAIN_ROWS);
    }

    /** The fitted training labels, one per training row. */
    final long[] trainLabels() {
        return handle.call(p -> {
            long n = CsegNative.model_get_int(p, CsegNative.CSEG_RESULT_N_TRAIN_ROWS);
            long[] out = new long[Math.toIntExact(n)];
            CsegNative.model_get_labels(p, out);
            return out;
        });
    }

    final String[] featureNameList() {
        long p = handle.acquire();
        try {
            int d = (int) CsegNative.model_get_int(p, CsegNative.CSEG_RESULT_N_FEATURES);
            String[] out = new String[d];
            for (int j = 0; j < d; j++) {
                out[j] = CsegNative.model_feature_name(p, j);
            }
            return out;
        } finally {
            handle.release();
        }
    }

    final Assignment assignData(Dataset data) {
        return withData(data, (p, d) -> new Assignment(CsegNative.model_assign(p, d)));
    }

    /** Brackets by hand: the hot path allocates nothing (no capturing lambda). */
    final int assignRow(double[] x, AssignResult out) {
        Objects.requireNonNull(x, "x");
        long p = handle.acquire();
        try {
            if (out == null) {
                return (int) CsegNative.model_assign_one(p, x, null, null);
            }
            int label = (int) CsegNative.model_assign_one(p, x, out.distance, out.margin);
            out.label = label;
            return label;
        } finally {
            handle.release();
        }
    }

    /**
     * Saves the fitted model atomically.
     *
     * @param path file to write
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#IO}
     */
    public void save(Path path) {
        Objects.requireNonNull(path, "path");
        handle.run(p -> CsegNative.model_save(p, path.toString()));
    }

    /**
     * Serialises the fitted model (the model file format, in memory).
     *
     * @return the bytes
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public byte[] toBytes() {
        return handle.call(p -> CsegNative.model_save_buffer(p));
    }

    /** The native model read from a file, for a subclass's load. */
    static long loadPtr(Path path) {
        Objects.requireNonNull(path, "path");
        return CsegNative.model_load(path.toString());
    }

    /** The native model rebuilt from bytes, for a subclass's fromBytes. */
    static long loadPtr(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return CsegNative.model_load_buffer(bytes);
    }

    /**
     * Returns a freshly loaded model if it is of the expected algorithm;
     * otherwise closes it and throws UNSUPPORTED naming {@code what}.
     */
    static <M extends SegmentationModel<M>> M checkAlgo(M m, int algo, String what) {
        long got;
        try {
            got = m.getInt(CsegNative.CSEG_RESULT_ALGO);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        if (got != algo) {
            m.close();
            throw new CsegException(Status.UNSUPPORTED.code(),
                "the model is not " + what + " (algorithm " + got + ")");
        }
        return m;
    }

    /**
     * Sets each parameter a builder has a value for, closing the new model
     * if any is refused.
     */
    interface Setup {
        void apply(long p);
    }

    /** Applies {@code setup} to a new unfitted model; closes it on failure. */
    static <M extends SegmentationModel<M>> M configured(M m, Setup setup) {
        try {
            m.handle.run(setup::apply);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    /** Sets an integer parameter when the builder has a value for it. */
    static void setInt(long p, int key, Number value) {
        if (value != null) {
            CsegNative.model_set_int(p, key, value.longValue());
        }
    }

    /** Sets a real parameter when the builder has a value for it. */
    static void setDouble(long p, int key, Double value) {
        if (value != null) {
            CsegNative.model_set_double(p, key, value);
        }
    }

    /**
     * Whether the model has been fitted or loaded.
     *
     * @return true when results and assignment are available
     */
    public boolean isFitted() {
        return fitted;
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /** Frees the native model. Idempotent; later calls throw IllegalStateException. */
    @Override
    public void close() {
        handle.close();
    }

    /** What toString shows inside the brackets of an open model. */
    abstract String describe();

    @Override
    public String toString() {
        return kind + "[" + (isClosed() ? "closed" : describe()) + "]";
    }
}
