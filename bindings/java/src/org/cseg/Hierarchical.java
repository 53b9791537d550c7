package org.cseg;

import java.nio.file.Path;
import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * Hierarchical agglomerative clustering (Ward, complete, average or single
 * linkage, Euclidean): configure with {@link #builder()}, fit on a
 * {@link Dataset}, then read the tree ({@link #linkage()}, in
 * scipy.cluster.hierarchy.linkage's format), the segments of its cut, assign
 * new customers to the nearest segment centre, write the dendrogram as JSON,
 * save or serialise it.
 *
 * <pre>{@code
 * try (Dataset ds = Dataset.readCsv(Path.of("customers.csv"));
 *      Hierarchical model = Hierarchical.builder().linkage(Hierarchical.Linkage.WARD)
 *          .nClusters(5).build().fit(ds)) {
 *     double[][] z = model.linkage();           // (n - 1) x 4: idx1, idx2, height, count
 *     long[] labels = model.labels();
 *     model.writeDendrogram(Path.of("tree.json"), false);
 * }
 * }</pre>
 *
 * <p>Ward's linkage needs O(n d) memory; complete and average linkage the
 * n (n - 1) / 2 distance matrix, refused ({@link Status#NOMEM}) above
 * {@link Builder#maxMemoryMb(long)}; single linkage O(n). Large data can use
 * the two-stage mode ({@link Builder#microClusters(long)}), whose tree's
 * leaves are k-means micro-clusters.
 *
 * <p>Thread safety: as {@link KMeans}.
 */
public final class Hierarchical extends SegmentationModel<Hierarchical> {
    /** Linkage methods. */
    public enum Linkage {
        /** Ward's minimum variance (default). */
        WARD(CsegNative.CSEG_LINKAGE_WARD),
        /** Maximum pairwise distance. */
        COMPLETE(CsegNative.CSEG_LINKAGE_COMPLETE),
        /** Mean pairwise distance (UPGMA). */
        AVERAGE(CsegNative.CSEG_LINKAGE_AVERAGE),
        /** Minimum pairwise distance. */
        SINGLE(CsegNative.CSEG_LINKAGE_SINGLE);

        private final int code;

        Linkage(int code) {
            this.code = code;
        }

        static Linkage of(long code) {
            for (Linkage l : values()) {
                if (l.code == code) {
                    return l;
                }
            }
            throw new IllegalArgumentException("unknown linkage " + code);
        }
    }

    /** Parameters of a new model, checked by the C library in {@link #build()}. */
    public static final class Builder {
        private Linkage linkage;
        private Long nClusters;
        private Double cutHeight;
        private Long microClusters;
        private Long maxMemoryMb;
        private Long seed;

        private Builder() {
        }

        /**
         * Linkage method (default WARD).
         *
         * @param linkage the method
         * @return this builder
         */
        public Builder linkage(Linkage linkage) {
            this.linkage = Objects.requireNonNull(linkage, "linkage");
            return this;
        }

        /**
         * Segments of the cut (default 8), when no cut height is given.
         *
         * @param nClusters 1 to the number of rows
         * @return this builder
         */
        public Builder nClusters(long nClusters) {
            this.nClusters = nClusters;
            return this;
        }

        /**
         * Cut height: merges at or below it are applied (0 = cut by nClusters).
         *
         * @param cutHeight finite, 0 or more
         * @return this builder
         */
        public Builder cutHeight(double cutHeight) {
            this.cutHeight = cutHeight;
            return this;
        }

        /**
         * Two-stage mode: -1 automatic (2000 micro-clusters above 20000 rows,
         * Ward only), 0 exact, 2 or more that many k-means micro-clusters.
         *
         * @param microClusters -1, 0 or at least 2
         * @return this builder
         */
        public Builder microClusters(long microClusters) {
            this.microClusters = microClusters;
            return this;
        }

        /**
         * Memory budget of complete and average linkage's distance matrix (default 4096).
         *
         * @param maxMemoryMb MiB, 1 or more
         * @return this builder
         */
        public Builder maxMemoryMb(long maxMemoryMb) {
            this.maxMemoryMb = maxMemoryMb;
            return this;
        }

        /**
         * Seed of the k-means stage of the two-stage mode (default 0).
         *
         * @param seed 0 or more
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Creates the (unfitted) model.
         *
         * @return a new model; close it when done
         * @throws CsegException ({@link Status#INVALID_ARG}) for a parameter out of bounds
         */
        public Hierarchical build() {
            return configured(new Hierarchical(CsegNative.model_new(CsegNative.CSEG_ALGO_HIERARCHICAL), false),
                p -> {
                    setInt(p, CsegNative.CSEG_PARAM_LINKAGE, linkage == null ? null : linkage.code);
                    setInt(p, CsegNative.CSEG_PARAM_K, nClusters);
                    setDouble(p, CsegNative.CSEG_PARAM_CUT_HEIGHT, cutHeight);
                    setInt(p, CsegNative.CSEG_PARAM_MICRO_CLUSTERS, microClusters);
                    setInt(p, CsegNative.CSEG_PARAM_MAX_MEMORY_MB, maxMemoryMb);
                    setInt(p, CsegNative.CSEG_PARAM_SEED, seed);
                });
        }
    }

    private Hierarchical(long ptr, boolean fitted) {
        super(ptr, fitted, "Hierarchical");
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
     * @param data dataset without missing values
     * @return this model
     * @throws CsegException {@link Status#INVALID_ARG}
     *         (fewer than 2 rows, nClusters above the rows),
     *         {@link Status#NOMEM} (distance matrix above the budget),
     *         {@link Status#MISSING_VALUES}
     */
    public Hierarchical fit(Dataset data) {
        return fit(data, null);
    }

    /**
     * Fits with one positive weight per customer: cluster sizes for Ward
     * and average linkage, centre weights for all.
     *
     * @param data    dataset without missing values
     * @param weights nRows positive, finite values; null for none
     * @return this model
     * @throws CsegException as {@link #fit(Dataset)}
     */
    public Hierarchical fit(Dataset data, double[] weights) {
        return fitWith(data, weights);
    }

    /**
     * Linkage method.
     *
     * @return the linkage
     */
    public Linkage linkageMethod() {
        return Linkage.of(getInt(CsegNative.CSEG_PARAM_LINKAGE));
    }

    /**
     * Clusters found.
     *
     * @return segments of the cut, 1 or more
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
     * Cluster of each training customer as fitted (segments numbered by
     * first appearance among the tree's leaves).
     *
     * @return one label per training row
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#UNSUPPORTED}
     *         (a loaded model keeps no training labels: assign the data instead)
     */
    public long[] labels() {
        return trainLabels();
    }

    /**
     * The tree in scipy.cluster.hierarchy.linkage's format: row i merges
     * clusters idx1 &lt; idx2 (leaves 0..L-1, row i makes L + i) at a
     * height, with the count of training rows below; sorted by height.
     *
     * @return L - 1 rows of 4 values (L: rows, or micro-clusters in two-stage mode)
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double[][] linkage() {
        double[] flat = array("linkage");
        return Arrays2.unflatten(flat, flat.length / 4, 4);
    }

    /**
     * Writes the dendrogram as JSON (schema in cseg_hierarchical.h), atomically.
     *
     * @param path           file to write
     * @param includeLeaves  also list the leaves with their segment
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#IO}
     */
    public void writeDendrogram(Path path, boolean includeLeaves) {
        Objects.requireNonNull(path, "path");
        handle.run(p -> CsegNative.model_write_dendrogram(p, path.toString(), includeLeaves ? 1 : 0));
    }

    /**
     * Mean of each segment's members (weighted when fitted with weights).
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
     * Assigns every customer of a dataset to the nearest segment centre
     * (the tree is not extended), with distances, margins and confidence.
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
     * @return the segment, 0-based
     * @throws CsegException {@link Status#INVALID_ARG} (width, infinite value),
     *         {@link Status#MISSING_VALUES}, {@link Status#NOT_FITTED}
     */
    public int assignOne(double[] x) {
        return assignRow(x, null);
    }

    /**
     * Loads a hierarchical model saved by any binding, the C API or the command.
     *
     * @param path file to read
     * @return the fitted model; close it when done
     * @throws CsegException {@link Status#IO}, {@link Status#FORMAT},
     *         {@link Status#VERSION}, {@link Status#UNSUPPORTED} (not hierarchical)
     */
    public static Hierarchical load(Path path) {
        return checked(loadPtr(path));
    }

    /**
     * Rebuilds a model from {@link #toBytes()}.
     *
     * @param bytes the serialised model
     * @return the fitted model; close it when done
     * @throws CsegException as {@link #load(Path)}
     */
    public static Hierarchical fromBytes(byte[] bytes) {
        return checked(loadPtr(bytes));
    }

    private static Hierarchical checked(long ptr) {
        return checkAlgo(new Hierarchical(ptr, true), CsegNative.CSEG_ALGO_HIERARCHICAL, "hierarchical");
    }

    @Override
    String describe() {
        if (!fitted) {
            return "unfitted, linkage=" + linkageMethod();
        }
        return "linkage=" + linkageMethod() + ", clusters=" + nClusters();
    }
}
