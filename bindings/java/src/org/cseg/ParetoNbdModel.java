package org.cseg;

import org.cseg.internal.CsegNative;

/**
 * The Pareto/NBD purchase model (Schmittlein, Morrison and Colombo 1987, in
 * the formulation of Fader and Hardie 2005; {@code lifetimes}'
 * ParetoNBDFitter): purchases at a gamma-distributed Poisson rate
 * (r, alpha) during an exponential lifetime whose rate is gamma-distributed
 * (s, beta).
 *
 * <pre>{@code
 * try (ParetoNbdModel pn = new ParetoNbdModel().fit(summary)) {
 *     double[] alive = pn.probabilityAlive(summary);
 * }
 * }</pre>
 *
 * <p>Slower to fit than {@link BetaGeoModel} (numerical gradients of a
 * hypergeometric likelihood). {@link PurchaseModel#expectedPurchases} is
 * Fader and Hardie (2005) eq. (21) times the probability of being alive.
 */
public final class ParetoNbdModel extends PurchaseModel<ParetoNbdModel> {
    /** An unfitted model with default options; close it when done. */
    public ParetoNbdModel() {
        super(CsegNative.CSEG_CLV_PARETO_NBD, "ParetoNbdModel");
    }
}
