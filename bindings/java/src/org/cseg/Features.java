package org.cseg;

import java.time.LocalDate;
import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * Customer features from a transaction log at an as-of date: one row per
 * customer with a purchase on or before it (IDs from the log, in order of
 * first appearance), one named column per feature.
 *
 * <p>The columns, as defined in the C header {@code cseg_features.h}:
 * {@code recency} and {@code tenure} (days from the last and first purchase
 * to the as-of date), {@code frequency} (purchase days or orders),
 * {@code monetary} (net spend, returns netted), {@code aov} (net spend per
 * purchase), {@code ipt_mean} and {@code ipt_std} (gaps between purchase
 * days), {@code n_returns}, {@code frequency_seasonal} (frequency over the
 * population's mean seasonal index of the customer's active days), the
 * {@code share_<attribute>_<level>} columns of the log's
 * {@link Transactions.Attribute attributes}, and with a holdout end
 * {@code holdout_frequency} and {@code holdout_monetary}. Missing values are NaN.
 *
 * <pre>{@code
 * try (Transactions tx = Transactions.of(ids, days, amounts);
 *      Dataset f = Features.compute(tx, new FeatureOptions().asOf(LocalDate.of(2024, 6, 30)))) {
 *     RfmResult r = Rfm.builder().build().compute(f, "recency", "frequency", "monetary");
 * }
 * }</pre>
 *
 * <p>Any number of threads may compute features of one log at once.
 */
public final class Features {
    private Features() {
    }

    /**
     * Computes the features at {@code options.asOf(...)}.
     *
     * @param transactions the log
     * @param options      settings, with the as-of date set
     * @return a new dataset; close it when done
     * @throws CsegException ({@link Status#INVALID_ARG}) for no as-of date, an
     *         as-of date before every transaction, a holdout end not after
     *         it, an option out of range, an unknown or unavailable column, or
     *         no customer left after the filters (the message says which)
     */
    public static Dataset compute(Transactions transactions, FeatureOptions options) {
        Objects.requireNonNull(transactions, "transactions");
        Objects.requireNonNull(options, "options");
        long o = options.toNative(true);
        try {
            long p = transactions.handle.acquire();
            try {
                return Dataset.wrap(CsegNative.features_compute(p, o));
            } finally {
                transactions.handle.release();
            }
        } finally {
            CsegNative.feature_options_free(o);
        }
    }

    /**
     * Calibration features at {@code calibrationEnd} plus the holdout columns
     * for (calibrationEnd, holdoutEnd]. Customers whose first purchase is in
     * the holdout period are not rows. The as-of and holdout dates of
     * {@code options} are ignored.
     *
     * @param transactions   the log
     * @param options        other settings, or null for the defaults
     * @param calibrationEnd last day of the calibration period, included
     * @param holdoutEnd     last day of the holdout period, after calibrationEnd
     * @return a new dataset; close it when done
     * @throws CsegException as {@link #compute}
     */
    public static Dataset computeHoldout(Transactions transactions, FeatureOptions options,
            LocalDate calibrationEnd, LocalDate holdoutEnd) {
        Objects.requireNonNull(transactions, "transactions");
        Objects.requireNonNull(calibrationEnd, "calibrationEnd");
        Objects.requireNonNull(holdoutEnd, "holdoutEnd");
        long o = (options != null ? options : new FeatureOptions()).toNative(false);
        try {
            long p = transactions.handle.acquire();
            try {
                return Dataset.wrap(CsegNative.features_compute_holdout(p, o, calibrationEnd.toEpochDay(),
                    holdoutEnd.toEpochDay()));
            } finally {
                transactions.handle.release();
            }
        } finally {
            CsegNative.feature_options_free(o);
        }
    }
}
