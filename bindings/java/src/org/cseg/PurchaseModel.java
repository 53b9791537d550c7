package org.cseg;

import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * A buy-till-you-die purchase model ({@link BetaGeoModel} or
 * {@link ParetoNbdModel}): fitted on frequency, recency and age, it predicts
 * each customer's future purchases, the probability that the customer is
 * still active and, with a spend model, the customer lifetime value.
 *
 * <p>Times are in the unit of the data fitted (days or weeks, see
 * {@link ClvSummary.Unit}); horizons use the same unit. Every vectorised
 * method takes one value per customer in each array; arrays of different
 * lengths throw {@link CsegException} ({@link Status#INVALID_ARG}), as does a
 * bad row (the message names it): frequency must be a whole number at least
 * 0, age positive, recency in [0, age], positive exactly when frequency is.
 *
 * @param <M> the concrete model type
 */
public abstract class PurchaseModel<M extends PurchaseModel<M>> extends ClvModel<M> {
    PurchaseModel(int kind, String name) {
        super(kind, name);
    }

    @SuppressWarnings("unchecked")
    private M self() {
        return (M) this;
    }

    /**
     * Fits the model by maximum likelihood; on failure it is unchanged.
     *
     * @param frequency repeat purchases x per customer
     * @param recency   t_x per customer
     * @param T         age per customer
     * @return this model
     * @throws CsegException {@link Status#INVALID_ARG} (a bad row, different
     *         lengths, nobody repeats), {@link Status#NOT_CONVERGED} (no start
     *         converged or a parameter ran to a bound: the data do not identify
     *         the model)
     */
    public M fit(double[] frequency, double[] recency, double[] T) {
        return fit(frequency, recency, T, null);
    }

    /**
     * Fits with one weight per customer (e.g. the count of identical customers).
     *
     * @param frequency repeat purchases x per customer
     * @param recency   t_x per customer
     * @param T         age per customer
     * @param weights   finite weights at least 0, not all 0, or null for 1 each
     * @return this model
     * @throws CsegException as {@link #fit(double[], double[], double[])}
     */
    public M fit(double[] frequency, double[] recency, double[] T, double[] weights) {
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(recency, "recency");
        Objects.requireNonNull(T, "T");
        handle.run(p -> CsegNative.clv_model_fit(p, frequency, recency, T, weights));
        markFitted();
        return self();
    }

    /**
     * Fits on a summary's frequency, recency and age.
     *
     * @param summary the calibration summary
     * @return this model
     * @throws CsegException as {@link #fit(double[], double[], double[])}
     */
    public M fit(ClvSummary summary) {
        Objects.requireNonNull(summary, "summary");
        return fit(summary.frequency(), summary.recency(), summary.T(), null);
    }

    /**
     * Expected purchases of each customer in the next {@code t} units, given
     * the customer's history ({@code lifetimes}'
     * conditional_expected_number_of_purchases_up_to_time).
     *
     * @param t         horizon, at least 0
     * @param frequency x per customer
     * @param recency   t_x per customer
     * @param T         age per customer
     * @return one value per customer
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#INVALID_ARG}
     */
    public double[] expectedPurchases(double t, double[] frequency, double[] recency, double[] T) {
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(recency, "recency");
        Objects.requireNonNull(T, "T");
        return handle.call(p -> CsegNative.clv_expected_purchases(p, t, frequency, recency, T));
    }

    /**
     * Expected purchases in the next {@code t} units of every customer of a summary.
     *
     * @param t       horizon, at least 0
     * @param summary customers
     * @return one value per customer
     * @throws CsegException as {@link #expectedPurchases(double, double[], double[], double[])}
     */
    public double[] expectedPurchases(double t, ClvSummary summary) {
        Objects.requireNonNull(summary, "summary");
        return expectedPurchases(t, summary.frequency(), summary.recency(), summary.T());
    }

    /**
     * Expected purchases in the next {@code t} units of one customer.
     *
     * @param t         horizon, at least 0
     * @param frequency x
     * @param recency   t_x
     * @param T         age
     * @return the expectation
     * @throws CsegException as {@link #expectedPurchases(double, double[], double[], double[])}
     */
    public double expectedPurchases(double t, double frequency, double recency, double T) {
        return expectedPurchases(t, new double[] {frequency}, new double[] {recency}, new double[] {T})[0];
    }

    /**
     * Probability that each customer is still active at the end of the
     * calibration period ({@code lifetimes}' conditional_probability_alive).
     *
     * @param frequency x per customer
     * @param recency   t_x per customer
     * @param T         age per customer
     * @return one probability per customer
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#INVALID_ARG}
     */
    public double[] probabilityAlive(double[] frequency, double[] recency, double[] T) {
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(recency, "recency");
        Objects.requireNonNull(T, "T");
        return handle.call(p -> CsegNative.clv_prob_alive(p, frequency, recency, T));
    }

    /**
     * Probability that each customer of a summary is still active.
     *
     * @param summary customers
     * @return one probability per customer
     * @throws CsegException as {@link #probabilityAlive(double[], double[], double[])}
     */
    public double[] probabilityAlive(ClvSummary summary) {
        Objects.requireNonNull(summary, "summary");
        return probabilityAlive(summary.frequency(), summary.recency(), summary.T());
    }

    /**
     * Probability that one customer is still active.
     *
     * @param frequency x
     * @param recency   t_x
     * @param T         age
     * @return the probability
     * @throws CsegException as {@link #probabilityAlive(double[], double[], double[])}
     */
    public double probabilityAlive(double frequency, double recency, double T) {
        return probabilityAlive(new double[] {frequency}, new double[] {recency}, new double[] {T})[0];
    }

    /**
     * Expected purchases in (0, t] of a new customer, for each horizon
     * ({@code lifetimes}' expected_number_of_purchases_up_to_time).
     *
     * @param t horizons, each at least 0
     * @return one value per horizon
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#INVALID_ARG}
     */
    public double[] expectedPurchasesNew(double... t) {
        Objects.requireNonNull(t, "t");
        return handle.call(p -> CsegNative.clv_expected_purchases_new(p, t));
    }

    /**
     * Discounted customer lifetime value, as {@code lifetimes} computes it:
     * margin * sum over i = 1..nPeriods of spend * (E[Y(i L)] - E[Y((i-1) L)])
     * / (1 + discountRate)^i, with L = periodLength, E[Y(.)] this model's
     * conditional expected purchases and spend the Gamma-Gamma conditional
     * mean (or the monetary value itself when {@code spendModel} is null).
     *
     * @param spendModel    fitted Gamma-Gamma model, or null
     * @param frequency     x per customer
     * @param recency       t_x per customer
     * @param T             age per customer
     * @param monetaryValue zbar per customer, positive when x is
     * @param nPeriods      periods summed, at least 1
     * @param periodLength  period length in the model's unit, positive (a
     *                      month is 4.345 weeks or 30.4375 days)
     * @param discountRate  per period, at least 0 (e.g. 0.01 a month)
     * @param margin        profit margin applied to spend (1 for revenue)
     * @return one value per customer
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#INVALID_ARG},
     *         {@link Status#UNSUPPORTED} (models of the wrong kind)
     */
    public double[] customerLifetimeValue(GammaGammaModel spendModel, double[] frequency, double[] recency,
                                          double[] T, double[] monetaryValue, int nPeriods,
                                          double periodLength, double discountRate, double margin) {
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(recency, "recency");
        Objects.requireNonNull(T, "T");
        Objects.requireNonNull(monetaryValue, "monetaryValue");
        long p = handle.acquire();
        try {
            long s = spendModel == null ? 0 : spendModel.handle.acquire();
            try {
                return CsegNative.clv_value(p, s, nPeriods, periodLength, discountRate, margin,
                    frequency, recency, T, monetaryValue);
            } finally {
                if (spendModel != null) {
                    spendModel.handle.release();
                }
            }
        } finally {
            handle.release();
        }
    }

    /**
     * Customer lifetime value of every customer of a summary.
     *
     * @param spendModel   fitted Gamma-Gamma model, or null to use the monetary value as spend
     * @param summary      customers
     * @param nPeriods     periods summed, at least 1
     * @param periodLength period length in the summary's unit, positive
     * @param discountRate per period, at least 0
     * @param margin       profit margin applied to spend
     * @return one value per customer
     * @throws CsegException as {@link #customerLifetimeValue(GammaGammaModel, double[],
     *         double[], double[], double[], int, double, double, double)}
     */
    public double[] customerLifetimeValue(GammaGammaModel spendModel, ClvSummary summary, int nPeriods,
                                          double periodLength, double discountRate, double margin) {
        Objects.requireNonNull(summary, "summary");
        return customerLifetimeValue(spendModel, summary.frequency(), summary.recency(), summary.T(),
            summary.monetaryValue(), nPeriods, periodLength, discountRate, margin);
    }

    /**
     * Calibration versus holdout: mean actual and predicted holdout purchases
     * per calibration frequency (bucket k holds the customers with x = k, the
     * last bucket those with x at least nBuckets - 1).
     *
     * @param summary  a summary with a holdout period
     * @param nBuckets buckets, at least 1
     * @return the comparison
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#INVALID_ARG}
     *         (no holdout period, bad rows)
     */
    public HoldoutComparison compareHoldout(ClvSummary summary, int nBuckets) {
        Objects.requireNonNull(summary, "summary");
        return compareHoldout(summary.frequency(), summary.recency(), summary.T(), summary.frequencyHoldout(),
            summary.durationHoldout(), nBuckets);
    }

    /**
     * Calibration versus holdout from arrays.
     *
     * @param frequency        calibration x per customer
     * @param recency          calibration t_x per customer
     * @param T                calibration age per customer
     * @param frequencyHoldout actual holdout purchases per customer, at least 0
     * @param holdoutLength    length of the holdout period, positive
     * @param nBuckets         buckets, at least 1
     * @return the comparison
     * @throws CsegException as {@link #compareHoldout(ClvSummary, int)}
     */
    public HoldoutComparison compareHoldout(double[] frequency, double[] recency, double[] T,
                                            double[] frequencyHoldout, double holdoutLength, int nBuckets) {
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(recency, "recency");
        Objects.requireNonNull(T, "T");
        Objects.requireNonNull(frequencyHoldout, "frequencyHoldout");
        double[] packed;
        long p = handle.acquire();
        try {
            packed = CsegNative.clv_holdout_compare(p, nBuckets, holdoutLength, frequency, recency, T,
                frequencyHoldout);
        } finally {
            handle.release();
        }
        return new HoldoutComparison(packed, nBuckets, holdoutLength);
    }
}
