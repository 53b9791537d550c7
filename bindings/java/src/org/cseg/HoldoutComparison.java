package org.cseg;

import java.util.Locale;

/**
 * Calibration versus holdout purchases per calibration frequency bucket,
 * made by {@link PurchaseModel#compareHoldout(ClvSummary, int)}: bucket k holds
 * the customers with k repeat purchases in the calibration period, the last
 * bucket those with at least as many. Empty buckets have count 0 and NaN means.
 */
public final class HoldoutComparison {
    private final double[] actual;
    private final double[] predicted;
    private final long[] counts;
    private final double holdoutLength;

    /* packed: n actual means, n predicted means, n counts (native layout). */
    HoldoutComparison(double[] packed, int n, double holdoutLength) {
        this.actual = new double[n];
        this.predicted = new double[n];
        this.counts = new long[n];
        System.arraycopy(packed, 0, actual, 0, n);
        System.arraycopy(packed, n, predicted, 0, n);
        for (int i = 0; i < n; i++) {
            counts[i] = (long) packed[2 * n + i];
        }
        this.holdoutLength = holdoutLength;
    }

    /**
     * Number of buckets.
     *
     * @return at least 1
     */
    public int nBuckets() {
        return counts.length;
    }

    /**
     * Mean actual holdout purchases per bucket.
     *
     * @return one value per bucket
     */
    public double[] actual() {
        return actual.clone();
    }

    /**
     * Mean predicted holdout purchases per bucket (conditional expectations
     * over the holdout length).
     *
     * @return one value per bucket
     */
    public double[] predicted() {
        return predicted.clone();
    }

    /**
     * Customers per bucket.
     *
     * @return one count per bucket
     */
    public long[] counts() {
        return counts.clone();
    }

    /**
     * Length of the holdout period the predictions cover.
     *
     * @return in the model's unit
     */
    public double holdoutLength() {
        return holdoutLength;
    }

    /**
     * A table with one line per bucket: frequency, customers, actual, predicted.
     *
     * @return the table
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("x\tn\tactual\tpredicted\n");
        for (int k = 0; k < counts.length; k++) {
            sb.append(k).append(k == counts.length - 1 ? "+" : "").append('\t').append(counts[k]).append('\t')
                .append(String.format(Locale.ROOT, "%.3f\t%.3f%n", actual[k], predicted[k]));
        }
        return sb.toString();
    }
}
