package org.cseg;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * Settings of a {@link Features} computation: the as-of date (required), what
 * frequency counts, an onboarding window, a filter on inactive customers, a
 * holdout end and the columns wanted. Plain Java values, checked by the C
 * library when the features are computed; unset ones keep its defaults.
 *
 * <pre>{@code
 * FeatureOptions o = new FeatureOptions().asOf(LocalDate.of(1998, 6, 30))
 *     .frequency(FeatureOptions.Frequency.ORDERS).onboardingDays(30)
 *     .select("recency", "frequency", "monetary");
 * }</pre>
 *
 * <p>Not thread-safe while being changed; a finished options object may be
 * used by any number of computations at once.
 */
public final class FeatureOptions {
    /** What the {@code frequency} feature counts. */
    public enum Frequency {
        /** Distinct purchase days: several orders on one day are one purchase (the default). */
        DAYS(CsegNative.CSEG_FEAT_DAYS),
        /** Purchase rows (orders). */
        ORDERS(CsegNative.CSEG_FEAT_ORDERS);

        final int code;

        Frequency(int code) {
            this.code = code;
        }
    }

    private LocalDate asOf;
    private Frequency frequency = Frequency.DAYS;
    private int onboardingDays;
    private int activeWithin;
    private LocalDate holdoutEnd;
    private String[] columns;

    /** Options with every setting at the library's default and no as-of date. */
    public FeatureOptions() {
    }

    /**
     * The as-of date: rows dated after it are ignored (except for the holdout columns).
     *
     * @param date the date, non-null
     * @return these options
     */
    public FeatureOptions asOf(LocalDate date) {
        this.asOf = Objects.requireNonNull(date, "date");
        return this;
    }

    /**
     * What {@code frequency} counts (default {@link Frequency#DAYS}).
     *
     * @param frequency days or orders
     * @return these options
     */
    public FeatureOptions frequency(Frequency frequency) {
        this.frequency = Objects.requireNonNull(frequency, "frequency");
        return this;
    }

    /**
     * Days after each customer's first purchase left out of the behaviour
     * features (frequency, monetary, aov, inter-purchase times, returns,
     * shares); 0..100000, default 0.
     *
     * @param days the window
     * @return these options
     */
    public FeatureOptions onboardingDays(int days) {
        this.onboardingDays = days;
        return this;
    }

    /**
     * Keeps only the customers with a purchase in the last {@code days} days
     * (recency &lt; days); 0, the default, keeps inactive customers too.
     *
     * @param days 0..100000
     * @return these options
     */
    public FeatureOptions activeWithin(int days) {
        this.activeWithin = days;
        return this;
    }

    /**
     * Adds {@code holdout_frequency} and {@code holdout_monetary} for
     * (asOf, holdoutEnd]; null (the default) for none.
     *
     * @param date a date after the as-of date, or null
     * @return these options
     */
    public FeatureOptions holdoutEnd(LocalDate date) {
        this.holdoutEnd = date;
        return this;
    }

    /**
     * The columns wanted, in order: feature names ({@code recency},
     * {@code frequency}, {@code monetary}, {@code aov}, {@code tenure},
     * {@code ipt_mean}, {@code ipt_std}, {@code n_returns},
     * {@code frequency_seasonal}, {@code holdout_frequency},
     * {@code holdout_monetary}), share groups ({@code share_channel}) or
     * level columns ({@code share_channel_web}). No names restores the default.
     *
     * @param names the columns (copied)
     * @return these options
     */
    public FeatureOptions select(String... names) {
        Objects.requireNonNull(names, "names");
        this.columns = names.length == 0 ? null : names.clone();
        return this;
    }

    /**
     * The as-of date, or null when unset.
     *
     * @return the date
     */
    public LocalDate asOf() {
        return asOf;
    }

    /*
     * Native options for one computation (the caller frees them). The as-of
     * date is left unset when null, so the library reports it; holdout
     * dates are set only when asked for.
     */
    long toNative(boolean withDates) {
        long o = CsegNative.feature_options_new();
        try {
            CsegNative.feature_options_set_int(o, CsegNative.CSEG_FEAT_FREQUENCY, frequency.code);
            CsegNative.feature_options_set_int(o, CsegNative.CSEG_FEAT_ONBOARDING_DAYS, onboardingDays);
            CsegNative.feature_options_set_int(o, CsegNative.CSEG_FEAT_ACTIVE_WITHIN, activeWithin);
            if (withDates && asOf != null) {
                CsegNative.feature_options_set_int(o, CsegNative.CSEG_FEAT_AS_OF, asOf.toEpochDay());
            }
            if (withDates && holdoutEnd != null) {
                CsegNative.feature_options_set_int(o, CsegNative.CSEG_FEAT_HOLDOUT_END, holdoutEnd.toEpochDay());
            }
            if (columns != null) {
                CsegNative.feature_options_select(o, columns);
            }
        } catch (RuntimeException e) {
            CsegNative.feature_options_free(o);
            throw e;
        }
        return o;
    }

    @Override
    public String toString() {
        return "FeatureOptions[asOf=" + asOf + ", frequency=" + frequency + ", onboardingDays=" + onboardingDays
            + ", activeWithin=" + activeWithin + ", holdoutEnd=" + holdoutEnd
            + (columns != null ? ", columns=" + Arrays.toString(columns) : "") + "]";
    }
}
