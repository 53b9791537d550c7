package org.cseg;

import java.nio.file.Path;
import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * A k-means segmentation model: configure with {@link #builder()}, fit on a
 * {@link Dataset}, then assign customers, save or serialise it.
 *
 * <pre>{@code
 * try (Dataset ds = Dataset.readCsv(Path.of("customers.csv"));
 *      KMeans model = KMeans.builder().k(6).seed(42).nInit(4).build().fit(ds)) {
 *     System.out.printf("inertia %.1f after %d iterations%n", model.inertia(), model.iterations());
 *     int segment = model.assignOne(new double[] {3.1, 0.2, 8.0});
 *     model.save(Path.of("segments.cseg"));
 * }
 * }</pre>
 *
 * <p>Thread safety: fitting (and building) must not run concurrently with
 * anything else on the same model, but a fitted model is read-only for
 * {@link #assign}, {@link #assignOne(double[])} and the getters, which any
 * number of threads may call at once. {@link #close()} waits for no one but
 * never frees memory a running call still uses: calls after it throw
 * {@link IllegalStateException}.
 *
 * <p>With a fixed seed the result is bit-identical run to run, whatever the
 * number of threads. Labels are in canonical order: segment 0 is the largest.
 */
public final class KMeans implements AutoCloseable {
    /** How the first centres are chosen. */
    public enum Init {
        /** Greedy k-means++ (sklearn's variant); the default. */
        KMEANS_PLUS_PLUS(CsegNative.CSEG_INIT_KMEANSPP),
        /** k distinct rows chosen uniformly. */
        RANDOM(CsegNative.CSEG_INIT_RANDOM),
        /** Centres given by {@link Builder#initialCenters(double[][])} (which selects it). */
        GIVEN(CsegNative.CSEG_INIT_GIVEN);

        final int code;

        Init(int code) {
            this.code = code;
        }
    }

    /** Iteration method. */
    public enum Method {
        /** Let cseg choose by k and d; the default. */
        AUTO(CsegNative.CSEG_KMEANS_AUTO),
        /** Blocked Lloyd: distances by matrix product, fused argmin and sums. */
        LLOYD(CsegNative.CSEG_KMEANS_LLOYD),
        /** Hamerly's bounds: skips most distance computations. */
        HAMERLY(CsegNative.CSEG_KMEANS_HAMERLY);

        final int code;

        Method(int code) {
            this.code = code;
        }
    }

    /**
     * Parameters of a new model. Each setter is checked by the C library when
     * {@link #build()} runs, whose {@link CsegException} gives the bounds.
     */
    public static final class Builder {
        private Long k;
        private Long seed;
        private Long nInit;
        private Long maxIter;
        private Double tol;
        private Init init;
        private Method method;
        private Long localTrials;
        private Long sizeMin;
        private Long sizeMax;
        private double[][] initialCenters;

        private Builder() {
        }

        /**
         * Number of segments (default 8).
         *
         * @param k 1..n
         * @return this builder
         */
        public Builder k(int k) {
            this.k = (long) k;
            return this;
        }

        /**
         * Seed of every random step (default 0).
         *
         * @param seed 0 or more
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Restarts, the run of lowest inertia kept (default 1).
         *
         * @param nInit 1 or more
         * @return this builder
         */
        public Builder nInit(int nInit) {
            this.nInit = (long) nInit;
            return this;
        }

        /**
         * Iteration limit per run (default 300).
         *
         * @param maxIter 1 or more
         * @return this builder
         */
        public Builder maxIter(int maxIter) {
            this.maxIter = (long) maxIter;
            return this;
        }

        /**
         * Relative tolerance (default 1e-4): a run stops when the centroids
         * move less than tol times the mean feature variance, as sklearn.
         *
         * @param tol 0 or more
         * @return this builder
         */
        public Builder tol(double tol) {
            this.tol = tol;
            return this;
        }

        /**
         * Initialisation (default {@link Init#KMEANS_PLUS_PLUS}).
         *
         * @param init the method
         * @return this builder
         */
        public Builder init(Init init) {
            this.init = Objects.requireNonNull(init, "init");
            return this;
        }

        /**
         * Iteration method (default {@link Method#AUTO}).
         *
         * @param method the method
         * @return this builder
         */
        public Builder method(Method method) {
            this.method = Objects.requireNonNull(method, "method");
            return this;
        }

        /**
         * Candidates per k-means++ step (default 0, meaning 2 + floor(ln k) as sklearn).
         *
         * @param localTrials 0 or more
         * @return this builder
         */
        public Builder localTrials(int localTrials) {
            this.localTrials = (long) localTrials;
            return this;
        }

        /**
         * Fit-time constraint: every segment holds at least this many
         * training customers (0, the default, for none). The assignment step
         * is solved exactly; assigning new customers stays nearest-centroid.
         *
         * @param sizeMin 0 or more
         * @return this builder
         */
        public Builder sizeMin(long sizeMin) {
            this.sizeMin = sizeMin;
            return this;
        }

        /**
         * Fit-time constraint: every segment holds at most this many training
         * customers (0, the default, for none).
         *
         * @param sizeMax 0 or more
         * @return this builder
         */
        public Builder sizeMax(long sizeMax) {
            this.sizeMax = sizeMax;
            return this;
        }

        /**
         * Starts from given centres: sets k to their number and selects
         * {@link Init#GIVEN}.
         *
         * @param centers k rows of finite values, as wide as the data fitted later
         * @return this builder
         */
        public Builder initialCenters(double[][] centers) {
            Objects.requireNonNull(centers, "centers");
            this.initialCenters = new double[centers.length][];
            for (int i = 0; i < centers.length; i++) {
                this.initialCenters[i] = Objects.requireNonNull(centers[i], "centers[i]").clone();
            }
            return this;
        }

        /**
         * Creates the (unfitted) model.
         *
         * @return a new model; close it when done
         * @throws CsegException ({@link Status#INVALID_ARG}) for a parameter out of bounds
         */
        public KMeans build() {
            KMeans m = new KMeans(CsegNative.model_new(CsegNative.CSEG_ALGO_KMEANS), false);
            try {
                long p = m.handle.acquire();
                try {
                    setInt(p, CsegNative.CSEG_PARAM_SEED, seed);
                    setInt(p, CsegNative.CSEG_PARAM_N_INIT, nInit);
                    setInt(p, CsegNative.CSEG_PARAM_MAX_ITER, maxIter);
                    if (tol != null) {
                        CsegNative.model_set_double(p, CsegNative.CSEG_PARAM_TOL, tol);
                    }
                    setInt(p, CsegNative.CSEG_PARAM_KMEANS_METHOD, method == null ? null : (long) method.code);
                    setInt(p, CsegNative.CSEG_PARAM_KMEANS_LOCAL_TRIALS, localTrials);
                    setInt(p, CsegNative.CSEG_PARAM_SIZE_MIN, sizeMin);
                    setInt(p, CsegNative.CSEG_PARAM_SIZE_MAX, sizeMax);
                    if (initialCenters != null) {
                        if (initialCenters.length == 0) {
                            throw new CsegException(Status.INVALID_ARG.code(), "initialCenters: no centres");
                        }
                        int d = initialCenters[0].length;
                        double[] flat = new double[initialCenters.length * d];
                        for (int i = 0; i < initialCenters.length; i++) {
                            if (initialCenters[i].length != d) {
                                throw new CsegException(Status.INVALID_ARG.code(), "initialCenters: row "
                                    + i + " has " + initialCenters[i].length + " values, row 0 has " + d);
                            }
                            System.arraycopy(initialCenters[i], 0, flat, i * d, d);
                        }
                        CsegNative.model_set_init_centers(p, flat, initialCenters.length, d);
                    }
                    // After the centres, so an explicit k or init can be checked against them.
                    setInt(p, CsegNative.CSEG_PARAM_K, k);
                    setInt(p, CsegNative.CSEG_PARAM_INIT, init == null ? null : (long) init.code);
                } finally {
                    m.handle.release();
                }
            } catch (RuntimeException e) {
                m.close();
                throw e;
            }
            return m;
        }

        private static void setInt(long p, int key, Long value) {
            if (value != null) {
                CsegNative.model_set_int(p, key, value);
            }
        }
    }

    private final NativeHandle handle;
    private volatile boolean fitted;

    private KMeans(long ptr, boolean fitted) {
        this.handle = new NativeHandle(this, ptr, CsegNative::model_free, "KMeans");
        this.fitted = fitted;
    }

    /**
     * Starts configuring a model.
     *
     * @return a builder with every parameter at its default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fits the model; on failure the model is unchanged.
     *
     * <p>Minimises the inertia sum_i ||x_i - c_l(i)||^2 over centroids and labels.
     * Complexity: O(nInit * iterations * n * k * d).
     *
     * @param data dataset without missing values, with at least k rows
     * @return this model
     * @throws CsegException {@link Status#INVALID_ARG} (k greater than the rows,
     *         centres of another width), {@link Status#MISSING_VALUES}
     */
    public KMeans fit(Dataset data) {
        Objects.requireNonNull(data, "data");
        long p = handle.acquire();
        try {
            long d = data.handle.acquire();
            try {
                CsegNative.model_fit(p, d);
            } finally {
                data.handle.release();
            }
        } finally {
            handle.release();
        }
        fitted = true;
        return this;
    }

    /**
     * Fits with one weight per customer (a customer of weight 2 counts as two).
     *
     * @param data    dataset without missing values
     * @param weights nRows non-negative, finite values, not all zero
     * @return this model
     * @throws CsegException as {@link #fit(Dataset)}, and {@link Status#INVALID_ARG}
     *         for a wrong count or a bad weight
     */
    public KMeans fit(Dataset data, double[] weights) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(weights, "weights");
        long p = handle.acquire();
        try {
            long d = data.handle.acquire();
            try {
                CsegNative.model_fit_weighted(p, d, weights);
            } finally {
                data.handle.release();
            }
        } finally {
            handle.release();
        }
        fitted = true;
        return this;
    }

    /**
     * Whether the model has been fitted or loaded.
     *
     * @return true when results and assignment are available
     */
    public boolean isFitted() {
        return fitted;
    }

    private long getInt(int key) {
        return handle.call(p -> CsegNative.model_get_int(p, key));
    }

    private String getString(int key) {
        return handle.call(p -> CsegNative.model_get_string(p, key));
    }

    /**
     * Centroids, one row per segment.
     *
     * @return k arrays of nFeatures() values
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double[][] centroids() {
        long p = handle.acquire();
        try {
            int k = (int) CsegNative.model_get_int(p, CsegNative.CSEG_RESULT_N_CLUSTERS);
            int d = (int) CsegNative.model_get_int(p, CsegNative.CSEG_RESULT_N_FEATURES);
            double[] flat = new double[k * d];
            CsegNative.model_get_centroids(p, flat);
            return Arrays2.unflatten(flat, k, d);
        } finally {
            handle.release();
        }
    }

    /**
     * Weighted sum of squared distances of the training rows to their centroid.
     *
     * @return the inertia of the kept run
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double inertia() {
        return handle.call(p -> CsegNative.model_get_double(p, CsegNative.CSEG_RESULT_INERTIA));
    }

    /**
     * Inertia of plain k-means from the same start: {@code inertia() -
     * unconstrainedInertia()} is what the size constraints cost (0 without).
     *
     * @return the unconstrained inertia
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double unconstrainedInertia() {
        return handle.call(p -> CsegNative.model_get_double(p, CsegNative.CSEG_RESULT_UNCONSTRAINED_INERTIA));
    }

    /**
     * Segment of every training customer as fitted (under size constraints,
     * not always the nearest centroid).
     *
     * @return nTrainRows() labels, 0-based
     * @throws CsegException {@link Status#NOT_FITTED}, or
     *         {@link Status#UNSUPPORTED} for a loaded model (files keep no labels)
     */
    public int[] trainingLabels() {
        long n = nTrainRows();
        long[] out = new long[Math.toIntExact(n)];
        handle.run(p -> CsegNative.model_get_labels(p, out));
        return Arrays2.toInt(out);
    }

    /**
     * Merges segments holding fewer than {@code minSize} of the customers in
     * {@code data} into the segment with the nearest centroid, smallest
     * first; survivors are renumbered largest first.
     *
     * @param data customers counted, normally the training data
     * @param minSize smallest acceptable segment, 1 or more
     * @return the number of segments merged away
     * @throws CsegException {@link Status#INVALID_ARG}, {@link Status#NOT_FITTED}
     */
    public long mergeSmallSegments(Dataset data, long minSize) {
        Objects.requireNonNull(data, "data");
        long p = handle.acquire();
        try {
            long d = data.handle.acquire();
            try {
                return CsegNative.model_merge_small_segments(p, d, minSize);
            } finally {
                data.handle.release();
            }
        } finally {
            handle.release();
        }
    }

    /**
     * Iterations of the kept run.
     *
     * @return 1 or more
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public int iterations() {
        return (int) getInt(CsegNative.CSEG_RESULT_N_ITER);
    }

    /**
     * Whether the kept run met the tolerance before the iteration limit.
     *
     * @return true when converged
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public boolean converged() {
        return getInt(CsegNative.CSEG_RESULT_CONVERGED) != 0;
    }

    /**
     * Segments in the fitted model.
     *
     * @return k
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public int nClusters() {
        return (int) getInt(CsegNative.CSEG_RESULT_N_CLUSTERS);
    }

    /**
     * Features the model expects per customer.
     *
     * @return d
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public int nFeatures() {
        return (int) getInt(CsegNative.CSEG_RESULT_N_FEATURES);
    }

    /**
     * Customers the model was fitted on.
     *
     * @return n
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public long nTrainRows() {
        return getInt(CsegNative.CSEG_RESULT_N_TRAIN_ROWS);
    }

    /**
     * Feature names learnt at fit time, in column order.
     *
     * @return nFeatures() names
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public String[] featureNames() {
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

    /**
     * Hex FNV-1a 64 hash of the training matrix, to tell which data a model saw.
     *
     * @return 16 hex digits
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public String fingerprint() {
        return getString(CsegNative.CSEG_RESULT_FINGERPRINT);
    }

    /**
     * UTC time of the fit, ISO 8601.
     *
     * @return e.g. {@code "2026-11-25T23:10:00Z"}
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public String createdAt() {
        return getString(CsegNative.CSEG_RESULT_CREATED);
    }

    /**
     * Version of the library that fitted the model.
     *
     * @return e.g. {@code "0.1.0"}
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public String fittedByVersion() {
        return getString(CsegNative.CSEG_RESULT_LIB_VERSION);
    }

    /**
     * Assigns every customer of a dataset to its nearest segment.
     *
     * @param data dataset with the model's number of features, no missing values
     * @return the assignment; close it when done
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#INVALID_ARG}
     *         (width), {@link Status#MISSING_VALUES}
     */
    public Assignment assign(Dataset data) {
        Objects.requireNonNull(data, "data");
        long p = handle.acquire();
        try {
            long d = data.handle.acquire();
            try {
                return new Assignment(CsegNative.model_assign(p, d));
            } finally {
                data.handle.release();
            }
        } finally {
            handle.release();
        }
    }

    /**
     * Assigns one customer; nothing is allocated on either side of the call.
     * Safe from many threads at once.
     *
     * @param x the customer's nFeatures() values
     * @return the segment, 0-based
     * @throws CsegException {@link Status#INVALID_ARG} (width, NaN or infinite
     *         value), {@link Status#NOT_FITTED}
     */
    public int assignOne(double[] x) {
        Objects.requireNonNull(x, "x");
        long p = handle.acquire();
        try {
            return (int) CsegNative.model_assign_one(p, x, null, null);
        } finally {
            handle.release();
        }
    }

    /**
     * Assigns one customer and fills a caller's holder with label, distance
     * and margin, allocating nothing. Safe from many threads at once, each
     * with its own holder.
     *
     * @param x   the customer's nFeatures() values
     * @param out holder to fill
     * @return the segment, 0-based (also in {@code out})
     * @throws CsegException as {@link #assignOne(double[])}
     */
    public int assignOne(double[] x, AssignResult out) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(out, "out");
        long p = handle.acquire();
        try {
            int label = (int) CsegNative.model_assign_one(p, x, out.distance, out.margin);
            out.label = label;
            return label;
        } finally {
            handle.release();
        }
    }

    /**
     * Saves the fitted model atomically (temporary file, then rename).
     *
     * @param path file to write
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#IO}
     */
    public void save(Path path) {
        Objects.requireNonNull(path, "path");
        handle.run(p -> CsegNative.model_save(p, path.toString()));
    }

    /**
     * Loads a model saved by {@link #save(Path)} (by any binding or the C API).
     *
     * @param path file to read
     * @return the fitted model; close it when done
     * @throws CsegException {@link Status#IO}, {@link Status#FORMAT} (corrupt or
     *         truncated), {@link Status#VERSION} (newer format), {@link Status#UNSUPPORTED}
     *         (not a k-means model)
     */
    public static KMeans load(Path path) {
        Objects.requireNonNull(path, "path");
        return checkedKMeans(CsegNative.model_load(path.toString()));
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

    /**
     * Rebuilds a model from {@link #toBytes()}.
     *
     * @param bytes the serialised model
     * @return the fitted model; close it when done
     * @throws CsegException as {@link #load(Path)}
     */
    public static KMeans fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return checkedKMeans(CsegNative.model_load_buffer(bytes));
    }

    private static KMeans checkedKMeans(long ptr) {
        KMeans m = new KMeans(ptr, true);
        long algo;
        try {
            algo = m.getInt(CsegNative.CSEG_RESULT_ALGO);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        if (algo != CsegNative.CSEG_ALGO_KMEANS) {
            m.close();
            throw new CsegException(Status.UNSUPPORTED.code(),
                "the model is not k-means (algorithm " + algo + ")");
        }
        return m;
    }

    /**
     * Deep copy, fitted state and parameters included.
     *
     * @return an independent model; close it when done
     */
    public KMeans copy() {
        return handle.call(p -> new KMeans(CsegNative.model_copy(p), fitted));
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /**
     * Frees the native model. Idempotent; later calls throw
     * IllegalStateException. Calls already running on other threads finish
     * first: the memory is freed by the last of them.
     */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        if (isClosed()) {
            return "KMeans[closed]";
        }
        if (!fitted) {
            return "KMeans[unfitted]";
        }
        return "KMeans[k=" + nClusters() + ", d=" + nFeatures() + ", inertia=" + inertia() + "]";
    }
}
