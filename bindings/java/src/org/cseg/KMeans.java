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
public final class KMeans extends SegmentationModel<KMeans> {
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
        private Preprocessor preprocessor;

        private Builder() {
        }

        /**
         * Preprocessing the model fits with itself on the raw data (missing
         * values, log1p, scaling, weights, one-hot), keeps in its file and
         * applies to raw customers in {@link KMeans#assign} and
         * {@link KMeans#assignOne(double[])}; centroids are then in the
         * transformed space. Training rows with a missing value under
         * {@link Preprocessor.Missing#DROP_ROW} are left out of the fit
         * (training label -1; under {@link Preprocessor.Missing#ERROR} the fit
         * fails); customers it cannot complete are assigned -1. The model
         * copies the settings in {@link #build()}: the preprocessor itself
         * stays unfitted and may be closed afterwards.
         *
         * @param preprocessor the settings, or null for none
         * @return this builder
         */
        public Builder preprocessor(Preprocessor preprocessor) {
            this.preprocessor = preprocessor;
            return this;
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
            return configured(new KMeans(CsegNative.model_new(CsegNative.CSEG_ALGO_KMEANS), false), p -> {
                setInt(p, CsegNative.CSEG_PARAM_SEED, seed);
                setInt(p, CsegNative.CSEG_PARAM_N_INIT, nInit);
                setInt(p, CsegNative.CSEG_PARAM_MAX_ITER, maxIter);
                setDouble(p, CsegNative.CSEG_PARAM_TOL, tol);
                setInt(p, CsegNative.CSEG_PARAM_KMEANS_METHOD, method == null ? null : method.code);
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
                setInt(p, CsegNative.CSEG_PARAM_INIT, init == null ? null : init.code);
                if (preprocessor != null) {
                    long pp = preprocessor.handle.acquire();
                    try {
                        CsegNative.model_set_prep(p, pp);
                    } finally {
                        preprocessor.handle.release();
                    }
                }
            });
        }
    }

    private KMeans(long ptr, boolean fitted) {
        super(ptr, fitted, "KMeans");
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
        return fitWith(data, null);
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
        return fitWith(data, weights);
    }

    /**
     * Centroids, one row per segment.
     *
     * @return k arrays of nFeatures() values
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double[][] centroids() {
        return centroidRows();
    }

    /**
     * Weighted sum of squared distances of the training rows to their centroid.
     *
     * @return the inertia of the kept run
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double inertia() {
        return inertiaValue();
    }

    /**
     * Inertia of plain k-means from the same start: {@code inertia() -
     * unconstrainedInertia()} is what the size constraints cost (0 without).
     *
     * @return the unconstrained inertia
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double unconstrainedInertia() {
        return getDouble(CsegNative.CSEG_RESULT_UNCONSTRAINED_INERTIA);
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
        return Arrays2.toInt(trainLabels());
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
        return withData(data, (p, d) -> CsegNative.model_merge_small_segments(p, d, minSize));
    }

    /**
     * The model's fitted preprocessing (a copy), or null when it has none.
     *
     * @return a preprocessor to close, or null
     */
    public Preprocessor preprocessor() {
        long pp = handle.call(p -> CsegNative.model_get_prep(p));
        return pp == 0 ? null : Preprocessor.wrap(pp);
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
        return clusterCount();
    }

    /**
     * Features the model expects per customer.
     *
     * @return d
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public int nFeatures() {
        return featureCount();
    }

    /**
     * Customers the model was fitted on.
     *
     * @return n
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public long nTrainRows() {
        return trainRowCount();
    }

    /**
     * Feature names learnt at fit time, in column order.
     *
     * @return nFeatures() names
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public String[] featureNames() {
        return featureNameList();
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
        return assignData(data);
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
        return assignRow(x, null);
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
        return assignRow(x, out);
    }

    /**
     * Saves the fitted model atomically (temporary file, then rename).
     *
     * @param path file to write
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#IO}
     */
    @Override
    public void save(Path path) {
        super.save(path);
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
        return checkedKMeans(loadPtr(path));
    }

    /**
     * Rebuilds a model from {@link #toBytes()}.
     *
     * @param bytes the serialised model
     * @return the fitted model; close it when done
     * @throws CsegException as {@link #load(Path)}
     */
    public static KMeans fromBytes(byte[] bytes) {
        return checkedKMeans(loadPtr(bytes));
    }

    private static KMeans checkedKMeans(long ptr) {
        return checkAlgo(new KMeans(ptr, true), CsegNative.CSEG_ALGO_KMEANS, "k-means");
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
     * Frees the native model. Idempotent; later calls throw
     * IllegalStateException. Calls already running on other threads finish
     * first: the memory is freed by the last of them.
     */
    @Override
    public void close() {
        super.close();
    }

    @Override
    String describe() {
        if (!fitted) {
            return "unfitted";
        }
        return "k=" + nClusters() + ", d=" + nFeatures() + ", inertia=" + inertia();
    }
}
