package org.cseg;

import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * The BG/NBD purchase model of Fader, Hardie and Lee (2005), "Counting your
 * customers the easy way" ({@code lifetimes}' BetaGeoFitter): purchases at a
 * gamma-distributed Poisson rate (r, alpha) until the customer drops out,
 * with probability p after each purchase, p beta-distributed (a, b).
 *
 * <pre>{@code
 * try (BetaGeoModel bg = new BetaGeoModel().fit(summary)) {
 *     System.out.println(bg);                          // BetaGeoModel[r=0.2426, alpha=4.414, a=0.7929, b=2.426]
 *     double e = bg.expectedPurchases(39, 2, 30.43, 38.86); // 1.226
 * }
 * }</pre>
 *
 * <p>Fitting maximises the log-likelihood with analytic gradients; results do
 * not depend on the thread count. See {@link PurchaseModel} for predictions
 * and {@link ClvModel} for options, results and thread safety.
 */
public final class BetaGeoModel extends PurchaseModel<BetaGeoModel> {
    /** An unfitted model with default options; close it when done. */
    public BetaGeoModel() {
        super(CsegNative.CSEG_CLV_BGNBD, "BetaGeoModel");
    }

    /**
     * Probability that a randomly chosen new customer makes exactly n
     * purchases in (0, t] (Fader, Hardie and Lee 2005, eq. 8;
     * {@code lifetimes}' probability_of_n_purchases_up_to_time).
     *
     * @param t      period length, positive
     * @param counts the counts n, each at least 0
     * @return one probability per count
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#INVALID_ARG}
     */
    public double[] probabilityOfPurchases(double t, long... counts) {
        Objects.requireNonNull(counts, "counts");
        return handle.call(p -> CsegNative.clv_prob_n_purchases(p, t, counts));
    }
}
