package org.cseg;

import java.nio.file.Path;

import org.cseg.internal.CsegNative;

/**
 * DBSCAN density-based segmentation: configure with {@link #builder()}, fit
 * on a {@link Dataset}, then read the clusters, assign new customers, save
 * or serialise it.
 *
 * <pre>{@code
 * try (Dataset ds = Dataset.readCsv(Path.of("customers.csv"));
 *      Dbscan model = Dbscan.builder().eps(0.8).minSamples(10).build().fit(ds)) {
 *     long[] labels = model.labels();            // -1 = noise, as sklearn
 *     int segment = model.assignOne(new double[] {3.1, 0.2, 8.0});
 *     model.save(Path.of("segments.cseg"));
 * }
 * }</pre>
 *
 * <p>Training labels equal sklearn.cluster.DBSCAN's: clusters numbered by
 * their first core sample, a border point reachable from two clusters in the
 * lower-numbered one, noise -1. A new customer joins the cluster of the
 * nearest core sample within eps, otherwise it is noise (-1, confidence 0).
 *
 * <p>Thread safety: as {@link KMeans}: fitting must not run concurrently with
 * anything else on the model; a fitted model may be read and assigned from
 * any number of threads.
 */
public final class Dbscan extends SegmentationModel<Dbscan> {
    /** Parameters of a new model, checked by the C library in {@link #build()}. */
    public static final class Builder {
        private Double eps;
        private Long minSamples;

        private Builder() {
        }

        /**
         * Neighbourhood radius (default 0.5); a point at exactly eps is a neighbour.
         *
         * @param eps finite, greater than 0
         * @return this builder
         */
        public Builder eps(double eps) {
            this.eps = eps;
            return this;
        }

        /**
         * Core threshold (default 5): a point is core when the weight of its
         * eps-neighbourhood, itself included, is at least this.
         *
         * @param minSamples 1 or more
         * @return this builder
         */
        public Builder minSamples(long minSamples) {
            this.minSamples = minSamples;
            return this;
        }

        /**
         * Creates the (unfitted) model.
         *
         * @return a new model; close it when done
         * @throws CsegException ({@link Status#INVALID_ARG}) for a parameter out of bounds
         */
        public Dbscan build() {
            return configured(new Dbscan(CsegNative.model_new(CsegNative.CSEG_ALGO_DBSCAN), false), p -> {
                setDouble(p, CsegNative.CSEG_PARAM_DBSCAN_EPS, eps);
                setInt(p, CsegNative.CSEG_PARAM_DBSCAN_MIN_SAMPLES, minSamples);
            });
        }
    }

    private Dbscan(long ptr, boolean fitted) {
        super(ptr, fitted, "Dbscan");
    }

    /**
     * Starts configuring a model.
     *
     * @return a builder with every parameter at its default (eps 0.5, minSamples 5)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fits the model; on failure the model is unchanged.
     *
     * @param data dataset without missing values
     * @return this model
     * @throws CsegException {@link Status#INVALID_ARG} (among others when no
     *         point is core: every customer would be noise),
     *         {@link Status#MISSING_VALUES}
     */
    public Dbscan fit(Dataset data) {
        return fit(data, null);
    }

    /**
     * Fits with one weight per customer (sklearn's sample_weight: a point
     * is core when the weights within eps sum to minSamples).
     *
     * @param data    dataset without missing values
     * @param weights nRows non-negative, finite values, not all zero; null for none
     * @return this model
     * @throws CsegException as {@link #fit(Dataset)}
     */
    public Dbscan fit(Dataset data, double[] weights) {
        return fitWith(data, weights);
    }

    /**
     * Neighbourhood radius.
     *
     * @return eps
     */
    public double eps() {
        return getDouble(CsegNative.CSEG_PARAM_DBSCAN_EPS);
    }

    /**
     * Core threshold.
     *
     * @return minSamples
     */
    public long minSamples() {
        return getInt(CsegNative.CSEG_PARAM_DBSCAN_MIN_SAMPLES);
    }

    /**
     * Clusters found.
     *
     * @return k, 1 or more
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
     * Cluster of each training customer as fitted, -1 for noise.
     *
     * @return one label per training row
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#UNSUPPORTED}
     *         (a loaded model keeps no training labels: assign the data instead)
     */
    public long[] labels() {
        return trainLabels();
    }

    /**
     * Training rows of the core samples, increasing (sklearn's core_sample_indices_).
     *
     * @return 0-based row indices
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public long[] coreSampleIndices() {
        double[] v = array("core_sample_indices");
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (long) v[i];
        }
        return out;
    }

    /**
     * The core samples themselves (sklearn's components_), in the order of
     * {@link #coreSampleIndices()}.
     *
     * @return one row per core sample
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double[][] components() {
        return handle.call(p -> {
            double[] flat = arrayAt(p, "components");
            int d = (int) CsegNative.model_get_int(p, CsegNative.CSEG_RESULT_N_FEATURES);
            return Arrays2.unflatten(flat, flat.length / d, d);
        });
    }

    /**
     * Mean of each cluster's members (core and border; weighted when fitted
     * with weights).
     *
     * @return nClusters() rows of nFeatures() values
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double[][] centroids() {
        return centroidRows();
    }

    /**
     * Weighted sum of squared distances of the members to their cluster mean.
     *
     * @return the inertia
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double inertia() {
        return inertiaValue();
    }

    /**
     * Assigns every customer of a dataset: the cluster of the nearest core
     * sample within eps, else -1 (noise, confidence 0); runner-up and
     * borderline mark customers within eps of two clusters.
     *
     * @param data dataset with the model's number of features, no missing values
     * @return the assignment; close it when done
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#INVALID_ARG},
     *         {@link Status#MISSING_VALUES}
     */
    public Assignment assign(Dataset data) {
        return assignData(data);
    }

    /**
     * Assigns one customer, allocating nothing; safe from many threads.
     *
     * @param x the customer's nFeatures() values
     * @return the cluster, 0-based, or -1 for noise
     * @throws CsegException {@link Status#INVALID_ARG} (width, infinite value),
     *         {@link Status#MISSING_VALUES}, {@link Status#NOT_FITTED}
     */
    public int assignOne(double[] x) {
        return assignRow(x, null);
    }

    /**
     * Loads a DBSCAN model saved by any binding, the C API or the command.
     *
     * @param path file to read
     * @return the fitted model; close it when done
     * @throws CsegException {@link Status#IO}, {@link Status#FORMAT},
     *         {@link Status#VERSION}, {@link Status#UNSUPPORTED} (not DBSCAN)
     */
    public static Dbscan load(Path path) {
        return checked(loadPtr(path));
    }

    /**
     * Rebuilds a model from {@link #toBytes()}.
     *
     * @param bytes the serialised model
     * @return the fitted model; close it when done
     * @throws CsegException as {@link #load(Path)}
     */
    public static Dbscan fromBytes(byte[] bytes) {
        return checked(loadPtr(bytes));
    }

    private static Dbscan checked(long ptr) {
        return checkAlgo(new Dbscan(ptr, true), CsegNative.CSEG_ALGO_DBSCAN, "DBSCAN");
    }

    @Override
    String describe() {
        String params = "eps=" + eps() + ", minSamples=" + minSamples();
        return fitted ? params + ", clusters=" + nClusters() : "unfitted, " + params;
    }
}
