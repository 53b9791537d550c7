package org.cseg;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * Mini-batch k-means as sklearn.cluster.MiniBatchKMeans (1.2): configure with
 * {@link #builder()}, then {@link #fit(Dataset)} on data in memory,
 * {@link #partialFit(Dataset)} chunk by chunk, or {@link #fitCsvStream} from a
 * CSV file larger than memory; assign new customers to the nearest centroid,
 * save or serialise it.
 *
 * <pre>{@code
 * try (MiniBatchKMeans m = MiniBatchKMeans.builder().k(16).seed(42).build()) {
 *     m.fitCsvStream(Path.of("customers.csv"), "id", null, 100_000, 1);
 *     int segment = m.assignOne(new double[] {3.1, 0.2, 8.0});
 * }
 * }</pre>
 *
 * <p>Random draws use cseg's generator, so results agree with sklearn's in
 * distribution and are identical run to run for a given seed.
 *
 * <p>Thread safety: as {@link KMeans}.
 */
public final class MiniBatchKMeans extends SegmentationModel<MiniBatchKMeans> {
    /** Parameters of a new model, checked by the C library in {@link #build()}. */
    public static final class Builder {
        private Long k;
        private Long seed;
        private Long batchSize;
        private Long maxIter;
        private Long nInit;
        private Double tol;
        private Long maxNoImprovement;
        private Long initSize;
        private Double reassignmentRatio;
        private double[][] initialCenters;

        private Builder() {
        }

        /**
         * Segments (default 8).
         *
         * @param k 1 or more
         * @return this builder
         */
        public Builder k(long k) {
            this.k = k;
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
         * Rows per step (default 1024).
         *
         * @param batchSize 1 or more
         * @return this builder
         */
        public Builder batchSize(long batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Passes over the data (default 100): at most maxIter * n / batchSize steps.
         *
         * @param maxIter 1 or more
         * @return this builder
         */
        public Builder maxIter(long maxIter) {
            this.maxIter = maxIter;
            return this;
        }

        /**
         * Starts, the best on a validation sample kept (default 3).
         *
         * @param nInit 1 or more
         * @return this builder
         */
        public Builder nInit(long nInit) {
            this.nInit = nInit;
            return this;
        }

        /**
         * Relative centre-shift tolerance (default 0: not used).
         *
         * @param tol 0 or more
         * @return this builder
         */
        public Builder tol(double tol) {
            this.tol = tol;
            return this;
        }

        /**
         * Steps without a new minimum of the smoothed batch inertia before
         * stopping (default 10; -1 never).
         *
         * @param maxNoImprovement -1 or more
         * @return this builder
         */
        public Builder maxNoImprovement(long maxNoImprovement) {
            this.maxNoImprovement = maxNoImprovement;
            return this;
        }

        /**
         * Rows sampled to seed each start (default 0: 3 x batch size, at least 3 k).
         *
         * @param initSize 0 or more
         * @return this builder
         */
        public Builder initSize(long initSize) {
            this.initSize = initSize;
            return this;
        }

        /**
         * Centres whose weight is below this fraction of the largest move to
         * random batch rows (default 0.01; 0 disables).
         *
         * @param reassignmentRatio 0 or more
         * @return this builder
         */
        public Builder reassignmentRatio(double reassignmentRatio) {
            this.reassignmentRatio = reassignmentRatio;
            return this;
        }

        /**
         * Initial centres instead of k-means++ (k becomes their number).
         *
         * @param centers one row per segment, all of the same width
         * @return this builder
         */
        public Builder initialCenters(double[][] centers) {
            this.initialCenters = centers == null ? null : centers.clone();
            return this;
        }

        /**
         * Creates the (unfitted) model.
         *
         * @return a new model; close it when done
         * @throws CsegException ({@link Status#INVALID_ARG}) for a parameter out of bounds
         */
        public MiniBatchKMeans build() {
            return configured(new MiniBatchKMeans(
                CsegNative.model_new(CsegNative.CSEG_ALGO_MINIBATCH_KMEANS), false), p -> {
                if (initialCenters != null) {
                    int d = initialCenters.length == 0 ? 0 : initialCenters[0].length;
                    double[] flat = new double[initialCenters.length * d];
                    for (int i = 0; i < initialCenters.length; i++) {
                        if (initialCenters[i].length != d) {
                            throw new CsegException(Status.INVALID_ARG.code(),
                                "initialCenters rows differ in width");
                        }
                        System.arraycopy(initialCenters[i], 0, flat, i * d, d);
                    }
                    CsegNative.model_set_init_centers(p, flat, initialCenters.length, d);
                }
                setInt(p, CsegNative.CSEG_PARAM_K, k);
                setInt(p, CsegNative.CSEG_PARAM_SEED, seed);
                setInt(p, CsegNative.CSEG_PARAM_MB_BATCH_SIZE, batchSize);
                setInt(p, CsegNative.CSEG_PARAM_MAX_ITER, maxIter);
                setInt(p, CsegNative.CSEG_PARAM_N_INIT, nInit);
                setInt(p, CsegNative.CSEG_PARAM_MB_MAX_NO_IMPROVEMENT, maxNoImprovement);
                setInt(p, CsegNative.CSEG_PARAM_MB_INIT_SIZE, initSize);
                setDouble(p, CsegNative.CSEG_PARAM_TOL, tol);
                setDouble(p, CsegNative.CSEG_PARAM_MB_REASSIGNMENT_RATIO, reassignmentRatio);
            });
        }
    }

    private MiniBatchKMeans(long ptr, boolean fitted) {
        super(ptr, fitted, "MiniBatchKMeans");
    }

    /**
     * Starts configuring a model.
     *
     * @return a builder with every parameter at its default (sklearn 1.2's)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fits from mini-batches of the data; on failure the model is unchanged.
     *
     * @param data dataset without missing values, at least k rows
     * @return this model
     * @throws CsegException {@link Status#INVALID_ARG}, {@link Status#MISSING_VALUES}
     */
    public MiniBatchKMeans fit(Dataset data) {
        return fit(data, null);
    }

    /**
     * Fits with one weight per customer.
     *
     * @param data    dataset without missing values
     * @param weights nRows non-negative, finite values, not all zero; null for none
     * @return this model
     * @throws CsegException as {@link #fit(Dataset)}
     */
    public MiniBatchKMeans fit(Dataset data, double[] weights) {
        return fitWith(data, weights);
    }

    /**
     * Updates the model with one chunk (sklearn's partial_fit); the first
     * chunk also seeds the centres and needs at least k rows.
     *
     * @param chunk dataset without missing values, the model's width
     * @return this model
     * @throws CsegException as {@link #fit(Dataset)}
     */
    public MiniBatchKMeans partialFit(Dataset chunk) {
        return partialFit(chunk, null);
    }

    /**
     * Updates the model with one weighted chunk.
     *
     * @param chunk   dataset without missing values, the model's width
     * @param weights one non-negative finite weight per row; null for 1
     * @return this model
     * @throws CsegException as {@link #fit(Dataset)}
     */
    public MiniBatchKMeans partialFit(Dataset chunk, double[] weights) {
        Objects.requireNonNull(chunk, "chunk");
        withData(chunk, (p, d) -> {
            double[] w = weights;
            if (w == null) {
                // A weight of 1 multiplies exactly: the same as no weights.
                w = new double[Math.toIntExact(CsegNative.dataset_n_rows(d))];
                Arrays.fill(w, 1.0);
            }
            CsegNative.model_partial_fit(p, d, w);
            return null;
        });
        return markFitted();
    }

    /**
     * Fits from a CSV file read chunkRows rows at a time (memory is one
     * chunk): the same model as {@link #partialFit(Dataset)} over those
     * chunks, nPasses times. Replaces any previous fit on success.
     *
     * @param path      CSV file with a header line, ',' separated
     * @param idColumn  a column to ignore (customer IDs), or null
     * @param columns   feature columns, or null for every other column
     * @param chunkRows rows per chunk, 1 or more (the first needs k)
     * @param nPasses   passes over the file, 1 or more
     * @return this model
     * @throws CsegException {@link Status#IO}, {@link Status#FORMAT},
     *         {@link Status#INVALID_ARG}
     */
    public MiniBatchKMeans fitCsvStream(Path path, String idColumn, String[] columns, long chunkRows,
        long nPasses) {
        Objects.requireNonNull(path, "path");
        String[] cols = columns == null || columns.length == 0 ? null : columns;
        handle.run(p -> CsegNative.model_fit_csv_stream(p, path.toString(), ',', idColumn, cols,
            chunkRows, nPasses));
        return markFitted();
    }

    /**
     * Segments.
     *
     * @return k
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public int nClusters() {
        return clusterCount();
    }

    /**
     * Passes over the data after {@link #fit(Dataset)} (sklearn's n_iter_),
     * steps after partial fits.
     *
     * @return the count
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public long nIter() {
        return getInt(CsegNative.CSEG_RESULT_N_ITER);
    }

    /**
     * Mini-batch steps taken (sklearn's n_steps_).
     *
     * @return the count
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public long nSteps() {
        return handle.call(p -> {
            double[] s = new double[3];
            CsegNative.model_get_array(p, "minibatch_state", s);
            return (long) s[0];
        });
    }

    /**
     * Weight absorbed by each centre (its learning rate is 1 / count).
     *
     * @return k values
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double[] counts() {
        return handle.call(p -> {
            double[] c = new double[(int) CsegNative.model_get_int(p, CsegNative.CSEG_RESULT_N_CLUSTERS)];
            CsegNative.model_get_array(p, "counts", c);
            return c;
        });
    }

    /**
     * Centroids.
     *
     * @return nClusters() rows
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double[][] centroids() {
        return centroidRows();
    }

    /**
     * Inertia of the training data (of the last chunk after a partial fit).
     *
     * @return the inertia
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double inertia() {
        return inertiaValue();
    }

    /**
     * Segment of each training row (of the last chunk after a partial fit).
     *
     * @return one label per row
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#UNSUPPORTED}
     *         (loaded and streamed models keep no training labels)
     */
    public long[] labels() {
        return trainLabels();
    }

    /**
     * Assigns every customer of a dataset to the nearest centroid.
     *
     * @param data dataset with the model's width
     * @return the assignment; close it when done
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#INVALID_ARG}
     */
    public Assignment assign(Dataset data) {
        return assignData(data);
    }

    /**
     * Assigns one customer, allocating nothing; safe from many threads.
     *
     * @param x the customer's values
     * @return the segment, 0-based
     * @throws CsegException {@link Status#INVALID_ARG}, {@link Status#NOT_FITTED}
     */
    public int assignOne(double[] x) {
        return assignRow(x, null);
    }

    /**
     * Saves the fitted model atomically (it can continue with partial fits when loaded).
     *
     * @param path file to write
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#IO}
     */
    @Override
    public void save(Path path) {
        super.save(path);
    }

    /**
     * Loads a mini-batch k-means model.
     *
     * @param path file to read
     * @return the fitted model; close it when done
     * @throws CsegException {@link Status#IO}, {@link Status#FORMAT},
     *         {@link Status#UNSUPPORTED} (another algorithm)
     */
    public static MiniBatchKMeans load(Path path) {
        return checked(loadPtr(path));
    }

    /**
     * Serialises the fitted model.
     *
     * @return the bytes
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    @Override
    public byte[] toBytes() {
        return super.toBytes();
    }

    /**
     * Rebuilds a model from {@link #toBytes()}.
     *
     * @param bytes the serialised model
     * @return the fitted model; close it when done
     * @throws CsegException as {@link #load(Path)}
     */
    public static MiniBatchKMeans fromBytes(byte[] bytes) {
        return checked(loadPtr(bytes));
    }

    private static MiniBatchKMeans checked(long ptr) {
        return checkAlgo(new MiniBatchKMeans(ptr, true), CsegNative.CSEG_ALGO_MINIBATCH_KMEANS,
            "mini-batch k-means");
    }

    @Override
    String describe() {
        return fitted ? "k=" + nClusters() : "unfitted";
    }
}
