package org.cseg;

import java.util.Arrays;
import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * Common part of the customer-lifetime-value models: options of the maximum
 * likelihood fit (BFGS on log-parameters from several starting points),
 * parameters, standard errors and the fit's results.
 *
 * <p>The models are {@link BetaGeoModel} (BG/NBD), {@link ParetoNbdModel}
 * (Pareto/NBD) and {@link GammaGammaModel} (spend per purchase). Each owns
 * native memory: close it (try-with-resources); a forgotten model is freed
 * after garbage collection.
 *
 * <p>Thread safety: options and fitting must not run concurrently with
 * anything else on the same model; a fitted model is read-only for
 * predictions, which any number of threads may run at once. {@link #close()}
 * never frees memory a running call still uses.
 *
 * @param <M> the concrete model type, returned by the fluent setters
 */
public abstract class ClvModel<M extends ClvModel<M>> implements AutoCloseable {
    final NativeHandle handle;
    private final String name;
    private volatile boolean fitted;

    ClvModel(int kind, String name) {
        this.handle = new NativeHandle(this, CsegNative.clv_model_new(kind), CsegNative::clv_model_free, name);
        this.name = name;
    }

    @SuppressWarnings("unchecked")
    private M self() {
        return (M) this;
    }

    private M setInt(int key, long value) {
        handle.run(p -> CsegNative.clv_model_set_int(p, key, value));
        return self();
    }

    /**
     * BFGS iteration limit per starting point (default 500).
     *
     * @param maxIter 1 or more
     * @return this model
     * @throws CsegException ({@link Status#INVALID_ARG}) when out of range
     */
    public M maxIter(int maxIter) {
        return setInt(CsegNative.CSEG_CLV_MAX_ITER, maxIter);
    }

    /**
     * Starting points tried, the best kept (default 4).
     *
     * @param nStarts 1 or more
     * @return this model
     * @throws CsegException ({@link Status#INVALID_ARG}) when out of range
     */
    public M nStarts(int nStarts) {
        return setInt(CsegNative.CSEG_CLV_N_STARTS, nStarts);
    }

    /**
     * Seed of the extra starting points and of the start subsample (default 0).
     *
     * @param seed 0 or more
     * @return this model
     * @throws CsegException ({@link Status#INVALID_ARG}) when negative
     */
    public M seed(long seed) {
        return setInt(CsegNative.CSEG_CLV_SEED, seed);
    }

    /**
     * Convergence tolerance on the gradient norm of the log-parameters divided
     * by the total weight (default 1e-7).
     *
     * @param tol in (0, 1)
     * @return this model
     * @throws CsegException ({@link Status#INVALID_ARG}) when out of range or NaN
     */
    public M tol(double tol) {
        handle.run(p -> CsegNative.clv_model_set_double(p, CsegNative.CSEG_CLV_TOL, tol));
        return self();
    }

    /**
     * Uses known parameters instead of fitting (e.g. published values); the
     * model then has no fit results but its parameters.
     *
     * @param params {@link #paramNames()}.length finite values, all positive
     * @return this model
     * @throws CsegException ({@link Status#INVALID_ARG}) for a wrong count or a
     *         bad value (the model is then unchanged)
     */
    public M setParams(double... params) {
        Objects.requireNonNull(params, "params");
        handle.run(p -> CsegNative.clv_model_set_params(p, params));
        fitted = true;
        return self();
    }

    void markFitted() {
        fitted = true;
    }

    /**
     * Whether the model has been fitted or given parameters.
     *
     * @return true when predictions are available
     */
    public boolean isFitted() {
        return fitted;
    }

    /**
     * Names of the parameters, in the order of {@link #params()}.
     *
     * @return e.g. {@code r, alpha, a, b} for BG/NBD
     */
    public String[] paramNames() {
        long p = handle.acquire();
        try {
            String[] out = new String[(int) CsegNative.clv_model_n_params(p)];
            for (int i = 0; i < out.length; i++) {
                out[i] = CsegNative.clv_model_param_name(p, i);
            }
            return out;
        } finally {
            handle.release();
        }
    }

    /**
     * Fitted (or set) parameters.
     *
     * @return one value per name of {@link #paramNames()}
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double[] params() {
        long p = handle.acquire();
        try {
            double[] out = new double[(int) CsegNative.clv_model_n_params(p)];
            CsegNative.clv_model_get_params(p, out);
            return out;
        } finally {
            handle.release();
        }
    }

    /**
     * One parameter by name.
     *
     * @param paramName a name of {@link #paramNames()}
     * @return its value
     * @throws IllegalArgumentException for a name the model lacks
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double param(String paramName) {
        Objects.requireNonNull(paramName, "paramName");
        int i = Arrays.asList(paramNames()).indexOf(paramName);
        if (i < 0) {
            throw new IllegalArgumentException(name + " has no parameter '" + paramName
                + "' (it has " + String.join(", ", paramNames()) + ")");
        }
        return params()[i];
    }

    /**
     * Standard errors of the parameters, from the inverse Hessian of the
     * negative log-likelihood at the optimum.
     *
     * @return one value per parameter; NaN where the Hessian is not positive
     *         definite, all NaN for parameters given by {@link #setParams}
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double[] standardErrors() {
        long p = handle.acquire();
        try {
            double[] out = new double[(int) CsegNative.clv_model_n_params(p)];
            CsegNative.clv_model_get_std_errors(p, out);
            return out;
        } finally {
            handle.release();
        }
    }

    double getDouble(int key) {
        return handle.call(p -> CsegNative.clv_model_get_double(p, key));
    }

    long getInt(int key) {
        return handle.call(p -> CsegNative.clv_model_get_int(p, key));
    }

    /**
     * Maximised (weighted) log-likelihood of the fit.
     *
     * @return the log-likelihood
     * @throws CsegException ({@link Status#NOT_FITTED}, also for parameters set by hand)
     */
    public double logLikelihood() {
        return getDouble(CsegNative.CSEG_CLV_LOGLIK);
    }

    /**
     * BFGS iterations of the final run.
     *
     * @return 0 or more
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public int iterations() {
        return (int) getInt(CsegNative.CSEG_CLV_N_ITER);
    }

    /**
     * Customers used by the fit (Gamma-Gamma: those with frequency above 0).
     *
     * @return the count
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public long nObservations() {
        return getInt(CsegNative.CSEG_CLV_N_OBS);
    }

    /**
     * Final gradient norm on the log-parameters divided by the total weight.
     *
     * @return the norm
     * @throws CsegException ({@link Status#NOT_FITTED})
     */
    public double gradientNorm() {
        return getDouble(CsegNative.CSEG_CLV_GRAD_NORM);
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /** Frees the native model. Idempotent; later use throws IllegalStateException. */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        if (isClosed()) {
            return name + "[closed]";
        }
        if (!fitted) {
            return name + "[not fitted]";
        }
        String[] names = paramNames();
        double[] values = params();
        StringBuilder sb = new StringBuilder(name).append('[');
        for (int i = 0; i < names.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(String.format(java.util.Locale.ROOT, "%.4g", values[i]));
        }
        return sb.append(']').toString();
    }
}
