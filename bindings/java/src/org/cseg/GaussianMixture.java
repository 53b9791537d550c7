package org.cseg;

import java.nio.file.Path;
import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * Gaussian mixture fitted by EM (the updates of sklearn's GaussianMixture):
 * configure with {@link #builder(int)}, fit on a {@link Dataset}, then read
 * the parameters, posteriors and log-likelihoods, assign new customers, save
 * or serialise it.
 *
 * <pre>{@code
 * try (Dataset ds = Dataset.readCsv(Path.of("customers.csv"));
 *      GaussianMixture gm = GaussianMixture.builder(4)
 *          .covarianceType(GaussianMixture.Covariance.DIAG).seed(1).build().fit(ds)) {
 *     double[][] p = gm.predictProba(ds);   // n x 4 posteriors
 *     double bic = gm.bic();
 * }
 * }</pre>
 *
 * <p>Thread safety: as {@link KMeans}.
 */
public final class GaussianMixture extends SegmentationModel<GaussianMixture> {
    /** Covariance structure, as sklearn's covariance_type. */
    public enum Covariance {
        /** Each component its own general covariance. */
        FULL(CsegNative.CSEG_GMM_FULL),
        /** One general covariance shared by all components. */
        TIED(CsegNative.CSEG_GMM_TIED),
        /** Each component its own diagonal covariance. */
        DIAG(CsegNative.CSEG_GMM_DIAG),
        /** Each component a single variance. */
        SPHERICAL(CsegNative.CSEG_GMM_SPHERICAL);

        final int code;

        Covariance(int code) {
            this.code = code;
        }
    }

    /** Data-driven start, as sklearn's init_params. */
    public enum Init {
        /** Hard responsibilities from k-means labels (the default). */
        KMEANS(CsegNative.CSEG_GMM_INIT_KMEANS),
        /** One k-means++ row per component. */
        KMEANSPP(CsegNative.CSEG_GMM_INIT_KMEANSPP),
        /** Uniform random responsibilities. */
        RANDOM(CsegNative.CSEG_GMM_INIT_RANDOM),
        /** One random row per component. */
        RANDOM_FROM_DATA(CsegNative.CSEG_GMM_INIT_RANDOM_FROM_DATA);

        final int code;

        Init(int code) {
            this.code = code;
        }
    }

    /** Parameters of a new model, checked by the C library in {@link #build()}. */
    public static final class Builder {
        private final int k;
        private Covariance covariance = Covariance.FULL;
        private Init init = Init.KMEANS;
        private Integer nInit;
        private Integer maxIter;
        private Double tol;
        private Double regCovar;
        private Long seed;
        private double[] weightsInit = new double[0];
        private double[] meansInit = new double[0];
        private double[] precisionsInit = new double[0];

        private Builder(int k) {
            this.k = k;
        }

        /**
         * Covariance structure (default FULL).
         *
         * @param c the structure
         * @return this builder
         */
        public Builder covarianceType(Covariance c) {
            this.covariance = Objects.requireNonNull(c, "c");
            return this;
        }

        /**
         * Data-driven start (default KMEANS).
         *
         * @param i the start
         * @return this builder
         */
        public Builder initParams(Init i) {
            this.init = Objects.requireNonNull(i, "i");
            return this;
        }

        /**
         * Runs, the best lower bound kept (default 1).
         *
         * @param n 1 or more
         * @return this builder
         */
        public Builder nInit(int n) {
            this.nInit = n;
            return this;
        }

        /**
         * EM iterations per run (default 100).
         *
         * @param n 1 or more
         * @return this builder
         */
        public Builder maxIter(int n) {
            this.maxIter = n;
            return this;
        }

        /**
         * Threshold on the change of the mean log-likelihood lower bound (default 1e-3).
         *
         * @param t 0 or more
         * @return this builder
         */
        public Builder tol(double t) {
            this.tol = t;
            return this;
        }

        /**
         * Added to every covariance's diagonal (default 1e-6).
         *
         * @param r 0 or more
         * @return this builder
         */
        public Builder regCovar(double r) {
            this.regCovar = r;
            return this;
        }

        /**
         * Seed of the random starts (default 0).
         *
         * @param s 0 or more
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Given starting values (sklearn's weights_init, means_init,
         * precisions_init); null leaves a part to the data-driven start.
         *
         * @param weights    k values summing to 1, or null
         * @param means      k rows of d values, or null
         * @param precisions flattened row-major: full k*d*d, tied d*d, diag k*d,
         *                   spherical k; or null
         * @return this builder
         */
        public Builder initial(double[] weights, double[][] means, double[] precisions) {
            this.weightsInit = weights == null ? new double[0] : weights.clone();
            this.meansInit = means == null ? new double[0] : flatten(means);
            this.precisionsInit = precisions == null ? new double[0] : precisions.clone();
            return this;
        }

        /**
         * Creates the (unfitted) model.
         *
         * @param d features of the data the model will be fitted on (needed
         *          only with {@link #initial}; otherwise ignored)
         * @return a new model; close it when done
         * @throws CsegException ({@link Status#INVALID_ARG}) for a parameter out of bounds
         */
        public GaussianMixture build(int d) {
            return configured(new GaussianMixture(CsegNative.model_new(CsegNative.CSEG_ALGO_GMM), false), p -> {
                setInt(p, CsegNative.CSEG_PARAM_K, k);
                setInt(p, CsegNative.CSEG_PARAM_GMM_COVARIANCE_TYPE, covariance.code);
                setInt(p, CsegNative.CSEG_PARAM_GMM_INIT_PARAMS, init.code);
                setInt(p, CsegNative.CSEG_PARAM_N_INIT, nInit);
                setInt(p, CsegNative.CSEG_PARAM_MAX_ITER, maxIter);
                setDouble(p, CsegNative.CSEG_PARAM_TOL, tol);
                setDouble(p, CsegNative.CSEG_PARAM_GMM_REG_COVAR, regCovar);
                setInt(p, CsegNative.CSEG_PARAM_SEED, seed);
                if (weightsInit.length + meansInit.length + precisionsInit.length > 0) {
                    CsegNative.gmm_set_init(p, k, d, weightsInit, meansInit, precisionsInit);
                }
            });
        }

        /**
         * Creates the (unfitted) model without given starting values.
         *
         * @return a new model; close it when done
         * @throws CsegException ({@link Status#INVALID_ARG}) for a parameter out of bounds
         */
        public GaussianMixture build() {
            return build(1);
        }
    }

    private static double[] flatten(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] out = new double[Math.multiplyExact(rows.length, cols)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("means: row " + i + " has " + rows[i].length
                    + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, out, i * cols, cols);
        }
        return out;
    }

    private GaussianMixture(long ptr, boolean fitted) {
        super(ptr, fitted, "GaussianMixture");
    }

    /**
     * Starts configuring a model.
     *
     * @param nComponents number of components, 1 or more
     * @return a builder with sklearn's defaults
     */
    public static Builder builder(int nComponents) {
        return new Builder(nComponents);
    }

    /**
     * Fits the model by EM; on failure the model is unchanged.
     *
     * @param data dataset without missing values
     * @return this model
     * @throws CsegException {@link Status#INVALID_ARG}, {@link Status#MISSING_VALUES}
     */
    public GaussianMixture fit(Dataset data) {
        return fit(data, null);
    }

    /**
     * Fits with one weight per customer (weights act as repeated rows).
     *
     * @param data    dataset without missing values
     * @param weights nRows non-negative, finite values, not all zero; null for none
     * @return this model
     * @throws CsegException as {@link #fit(Dataset)}
     */
    public GaussianMixture fit(Dataset data, double[] weights) {
        return fitWith(data, weights);
    }

    /**
     * Components.
     *
     * @return k
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public int nComponents() {
        return clusterCount();
    }

    /**
     * Mixing weights (sklearn's weights_).
     *
     * @return k values summing to 1
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double[] weights() {
        return array("weights");
    }

    /**
     * Component means (sklearn's means_).
     *
     * @return k rows of d values
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double[][] means() {
        double[] flat = array("means");
        int k = nComponents();
        return Arrays2.unflatten(flat, k, flat.length / k);
    }

    /**
     * Covariances flattened row-major (full k*d*d, tied d*d, diag k*d, spherical k).
     *
     * @return the values
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double[] covariances() {
        return array("covariances");
    }

    /**
     * sklearn's precisions_cholesky_, flattened as {@link #covariances()}.
     *
     * @return the values
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double[] precisionsCholesky() {
        return array("precisions_cholesky");
    }

    /**
     * Mean log-likelihood lower bound of the best run (sklearn's lower_bound_).
     *
     * @return the bound
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double lowerBound() {
        return getDouble(CsegNative.CSEG_RESULT_GMM_LOWER_BOUND);
    }

    /**
     * BIC on the training data.
     *
     * @return the criterion; lower is better
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double bic() {
        return getDouble(CsegNative.CSEG_RESULT_GMM_BIC);
    }

    /**
     * AIC on the training data.
     *
     * @return the criterion; lower is better
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double aic() {
        return getDouble(CsegNative.CSEG_RESULT_GMM_AIC);
    }

    /**
     * EM iterations of the kept run.
     *
     * @return the count
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public int nIter() {
        return (int) getInt(CsegNative.CSEG_RESULT_N_ITER);
    }

    /**
     * Whether the kept run met the tolerance.
     *
     * @return true when converged
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public boolean converged() {
        return getInt(CsegNative.CSEG_RESULT_CONVERGED) == 1;
    }

    /**
     * Free parameters (sklearn's _n_parameters).
     *
     * @return the count
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public long nParameters() {
        return handle.call(p -> CsegNative.gmm_n_parameters(p));
    }

    /**
     * Component of each training customer (argmax posterior).
     *
     * @return one label per training row
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#UNSUPPORTED} (loaded model)
     */
    public long[] labels() {
        return trainLabels();
    }

    /**
     * Posterior probability of every component for every customer.
     *
     * @param data dataset with the model's features
     * @return nRows rows of k probabilities
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#INVALID_ARG},
     *         {@link Status#MISSING_VALUES}
     */
    public double[][] predictProba(Dataset data) {
        Objects.requireNonNull(data, "data");
        int k = nComponents();
        return withData(data, (p, d) -> {
            int n = Math.toIntExact(CsegNative.dataset_n_rows(d));
            double[] out = new double[Math.multiplyExact(n, k)];
            CsegNative.gmm_predict_proba(p, d, out);
            return Arrays2.unflatten(out, n, k);
        });
    }

    /**
     * Log-likelihood of every customer under the mixture.
     *
     * @param data dataset with the model's features
     * @return one value per row
     * @throws CsegException as {@link #predictProba(Dataset)}
     */
    public double[] scoreSamples(Dataset data) {
        return withData(data, (p, d) -> {
            double[] out = new double[Math.toIntExact(CsegNative.dataset_n_rows(d))];
            CsegNative.gmm_score_samples(p, d, out);
            return out;
        });
    }

    /**
     * Mean log-likelihood of a dataset (sklearn's score).
     *
     * @param data dataset with the model's features, at least one row
     * @return the mean of {@link #scoreSamples(Dataset)}
     * @throws CsegException as {@link #predictProba(Dataset)}
     */
    public double score(Dataset data) {
        return withData(data, CsegNative::gmm_score);
    }

    /**
     * BIC of the model on a dataset (sklearn's bic(X)).
     *
     * @param data dataset with the model's features, at least one row
     * @return the criterion; lower is better
     * @throws CsegException as {@link #predictProba(Dataset)}
     */
    public double bic(Dataset data) {
        return withData(data, CsegNative::gmm_bic);
    }

    /**
     * AIC of the model on a dataset (sklearn's aic(X)).
     *
     * @param data dataset with the model's features, at least one row
     * @return the criterion; lower is better
     * @throws CsegException as {@link #predictProba(Dataset)}
     */
    public double aic(Dataset data) {
        return withData(data, CsegNative::gmm_aic);
    }

    /**
     * Assigns every customer: the most probable component, its probability
     * as confidence, the runner-up, the Mahalanobis distance and the
     * log-posterior margin.
     *
     * @param data dataset with the model's features
     * @return the assignment; close it when done
     * @throws CsegException as {@link #predictProba(Dataset)}
     */
    public Assignment assign(Dataset data) {
        return assignData(data);
    }

    /**
     * Loads a mixture saved by any binding, the C API or the command.
     *
     * @param path file to read
     * @return the fitted model; close it when done
     * @throws CsegException {@link Status#IO}, {@link Status#FORMAT},
     *         {@link Status#VERSION}, {@link Status#UNSUPPORTED} (not a mixture)
     */
    public static GaussianMixture load(Path path) {
        return checked(loadPtr(path));
    }

    /**
     * Rebuilds a model from {@link #toBytes()}.
     *
     * @param bytes the serialised model
     * @return the fitted model; close it when done
     * @throws CsegException as {@link #load(Path)}
     */
    public static GaussianMixture fromBytes(byte[] bytes) {
        return checked(loadPtr(bytes));
    }

    private static GaussianMixture checked(long ptr) {
        return checkAlgo(new GaussianMixture(ptr, true), CsegNative.CSEG_ALGO_GMM, "a Gaussian mixture");
    }

    @Override
    String describe() {
        if (!fitted) {
            return "unfitted";
        }
        return "components=" + nComponents() + ", lowerBound=" + lowerBound();
    }
}
