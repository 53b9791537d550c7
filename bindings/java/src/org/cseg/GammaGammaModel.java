package org.cseg;

import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * The Gamma-Gamma model of the value per purchase (Fader and Hardie 2013;
 * {@code lifetimes}' GammaGammaFitter), parameters p, q and gamma. Fitted on
 * the customers who purchased again (frequency above 0); it assumes that
 * spend and frequency are independent, which {@link #correlation()} checks.
 *
 * <pre>{@code
 * try (GammaGammaModel gg = new GammaGammaModel().fit(summary)) {
 *     double[] spend = gg.expectedAverageSpend(summary);
 *     double[] clv = gg.customerLifetimeValue(bg, summary, 12, 4.345, 0.01, 1.0);
 * }
 * }</pre>
 */
public final class GammaGammaModel extends ClvModel<GammaGammaModel> {
    /** An unfitted model with default options; close it when done. */
    public GammaGammaModel() {
        super(CsegNative.CSEG_CLV_GAMMA_GAMMA, "GammaGammaModel");
    }

    /**
     * Fits on the customers with frequency above 0 (others are ignored); on
     * failure the model is unchanged.
     *
     * @param frequency     repeat purchases x per customer
     * @param monetaryValue mean repeat purchase value per customer, positive when x is
     * @return this model
     * @throws CsegException {@link Status#INVALID_ARG} (bad rows, different
     *         lengths, fewer than 2 repeat customers with distinct values),
     *         {@link Status#NOT_CONVERGED}
     */
    public GammaGammaModel fit(double[] frequency, double[] monetaryValue) {
        return fit(frequency, monetaryValue, null);
    }

    /**
     * Fits with one weight per customer.
     *
     * @param frequency     repeat purchases x per customer
     * @param monetaryValue mean repeat purchase value per customer
     * @param weights       finite weights at least 0, or null for 1 each
     * @return this model
     * @throws CsegException as {@link #fit(double[], double[])}
     */
    public GammaGammaModel fit(double[] frequency, double[] monetaryValue, double[] weights) {
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(monetaryValue, "monetaryValue");
        handle.run(p -> CsegNative.clv_model_fit_spend(p, frequency, monetaryValue, weights));
        markFitted();
        return this;
    }

    /**
     * Fits on a summary's frequency and monetary value.
     *
     * @param summary the calibration summary
     * @return this model
     * @throws CsegException as {@link #fit(double[], double[])}
     */
    public GammaGammaModel fit(ClvSummary summary) {
        Objects.requireNonNull(summary, "summary");
        return fit(summary.frequency(), summary.monetaryValue(), null);
    }

    /**
     * Pearson correlation of frequency and monetary value over the customers
     * used by the fit; the model assumes independence, so it should be near 0.
     *
     * @return the correlation
     * @throws CsegException ({@link Status#NOT_FITTED}, also for parameters set by hand)
     */
    public double correlation() {
        return getDouble(CsegNative.CSEG_CLV_CORRELATION);
    }

    /**
     * Conditional expected mean spend per purchase, (p gamma + p x zbar) /
     * (p x + q - 1) ({@code lifetimes}' conditional_expected_average_profit).
     *
     * @param frequency     x per customer
     * @param monetaryValue zbar per customer, positive when x is
     * @return one value per customer (the population mean p gamma / (q - 1) when x is 0)
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#INVALID_ARG}
     *         (bad rows, different lengths, q at most 1: no mean)
     */
    public double[] expectedAverageSpend(double[] frequency, double[] monetaryValue) {
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(monetaryValue, "monetaryValue");
        return handle.call(p -> CsegNative.clv_expected_spend(p, frequency, monetaryValue));
    }

    /**
     * Conditional expected mean spend of every customer of a summary.
     *
     * @param summary customers
     * @return one value per customer
     * @throws CsegException as {@link #expectedAverageSpend(double[], double[])}
     */
    public double[] expectedAverageSpend(ClvSummary summary) {
        Objects.requireNonNull(summary, "summary");
        return expectedAverageSpend(summary.frequency(), summary.monetaryValue());
    }

    /**
     * Customer lifetime value with this model's spend ({@code lifetimes}'
     * GammaGammaFitter.customer_lifetime_value); see
     * {@link PurchaseModel#customerLifetimeValue(GammaGammaModel, double[], double[],
     * double[], double[], int, double, double, double)}.
     *
     * @param purchases    fitted BG/NBD or Pareto/NBD model
     * @param summary      customers
     * @param nPeriods     periods summed, at least 1
     * @param periodLength period length in the summary's unit, positive
     * @param discountRate per period, at least 0
     * @param margin       profit margin applied to spend
     * @return one value per customer
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#INVALID_ARG}
     */
    public double[] customerLifetimeValue(PurchaseModel<?> purchases, ClvSummary summary, int nPeriods,
                                          double periodLength, double discountRate, double margin) {
        Objects.requireNonNull(purchases, "purchases");
        return purchases.customerLifetimeValue(this, summary, nPeriods, periodLength, discountRate, margin);
    }
}
