package org.cseg;

import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * Customer value tiers 1..nTiers, 1 the highest, from a value per customer
 * (the lifetime value of {@link GammaGammaModel}, or any measure of value),
 * for segmentation rules or as a feature.
 *
 * <p>{@link #compute} forms the tiers from quantiles with ties always in one
 * tier: the balanced bins of {@link Rfm} counted from the top, every tier
 * non-empty when there are at least nTiers distinct values. A value v is in
 * tier {@code 1 + #{j : v <= cuts[j]}}, so the rule
 * {@code clv > cuts[0] -> "Top value"} reproduces tier 1, and
 * {@link #apply} classifies customers scored later with the same cuts.
 *
 * <pre>{@code
 * ClvTiers t = ClvTiers.compute(clv, 4);
 * int tierOfFirst = t.tiers()[0];
 * ClvTiers later = ClvTiers.apply(newClv, t.cuts());
 * }</pre>
 *
 * <p>Immutable: the accessors return copies.
 */
public final class ClvTiers {
    private final int[] tiers;
    private final double[] cuts;

    private ClvTiers(int[] tiers, double[] cuts) {
        this.tiers = tiers;
        this.cuts = cuts;
    }

    /**
     * Tiers by quantiles of the values.
     *
     * @param values one finite value per customer (negative allowed)
     * @param nTiers 2..1000 and at most values.length
     * @return the tiers and their cut points
     * @throws CsegException ({@link Status#INVALID_ARG}) for no values, a NaN or
     *         infinite value (the message names the row) or nTiers out of range
     */
    public static ClvTiers compute(double[] values, int nTiers) {
        Objects.requireNonNull(values, "values");
        double[] cuts = nTiers >= 2 && nTiers <= 1000 ? new double[nTiers - 1] : null;
        long[] t = CsegNative.clv_tiers(cuts, values, nTiers);
        int[] out = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = (int) t[i];
        }
        return new ClvTiers(out, cuts);
    }

    /**
     * Tiers by given cut points, e.g. {@link #cuts()} of an earlier call.
     *
     * @param values one finite value per customer
     * @param cuts   1..999 finite, non-increasing cut points (nTiers - 1)
     * @return the tiers, and a copy of the cuts
     * @throws CsegException ({@link Status#INVALID_ARG}) for a non-finite value
     *         (naming the row), no cuts or cuts that are not finite and non-increasing
     */
    public static ClvTiers apply(double[] values, double[] cuts) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(cuts, "cuts");
        if (cuts.length < 1 || cuts.length > 999) {
            throw new CsegException(Status.INVALID_ARG.code(), "cuts: expected 1..999 cut points, got " + cuts.length);
        }
        for (int j = 0; j < cuts.length; j++) {
            if (!Double.isFinite(cuts[j]) || (j > 0 && cuts[j] > cuts[j - 1])) {
                throw new CsegException(Status.INVALID_ARG.code(),
                    "cuts: expected finite, non-increasing values (cuts[" + j + "] = " + cuts[j] + ")");
            }
        }
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) {
                throw new CsegException(Status.INVALID_ARG.code(), "values: row " + i + ": value " + v + " must be finite");
            }
            int t = 1;
            for (double c : cuts) {
                t += v <= c ? 1 : 0;
            }
            out[i] = t;
        }
        return new ClvTiers(out, cuts.clone());
    }

    /**
     * Tier of each customer, 1 the highest.
     *
     * @return a new array, one per value
     */
    public int[] tiers() {
        return tiers.clone();
    }

    /**
     * The cut points, non-increasing: the highest value of the tiers below each.
     *
     * @return a new array of nTiers() - 1 values
     */
    public double[] cuts() {
        return cuts.clone();
    }

    /**
     * Number of tiers.
     *
     * @return cuts().length + 1
     */
    public int nTiers() {
        return cuts.length + 1;
    }

    /**
     * Customers per tier.
     *
     * @return a new array; element t - 1 counts tier t
     */
    public long[] sizes() {
        long[] s = new long[nTiers()];
        for (int t : tiers) {
            s[t - 1]++;
        }
        return s;
    }

    @Override
    public String toString() {
        return "ClvTiers[" + tiers.length + " customers, " + nTiers() + " tiers]";
    }
}
