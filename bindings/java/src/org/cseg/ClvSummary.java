package org.cseg;

import java.time.LocalDate;
import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * Per-customer summary of a transaction log for the lifetime-value models,
 * with the names of the Python {@code lifetimes} package: frequency (x, repeat
 * purchases), recency (t_x), age T, monetary value (mean repeat purchase
 * value) and the holdout actuals. Made by {@link Transactions#summary}.
 *
 * <p>A plain Java object (no native memory): the arrays are copies, each
 * accessor returns the same array, which callers should not modify.
 *
 * <pre>{@code
 * ClvSummary s = tx.summary(LocalDate.of(1997, 9, 30), LocalDate.of(1998, 6, 30), ClvSummary.Unit.WEEKS);
 * try (BetaGeoModel bg = new BetaGeoModel().fit(s)) {
 *     double[] next39 = bg.expectedPurchases(39, s);
 * }
 * }</pre>
 */
public final class ClvSummary {
    /** Time unit of recency, age and horizons. */
    public enum Unit {
        /** Days. */
        DAYS(CsegNative.CSEG_TIME_DAYS),
        /** Weeks of 7 days (fractional: 10 days are 1.4286 weeks). */
        WEEKS(CsegNative.CSEG_TIME_WEEKS);

        final int code;

        Unit(int code) {
            this.code = code;
        }
    }

    private final Unit unit;
    private final double holdoutLength;
    private final String[] ids;
    private final double[] frequency;
    private final double[] recency;
    private final double[] age;
    private final double[] monetaryValue;
    private final double[] frequencyHoldout;
    private final double[] monetaryValueHoldout;
    private final long[] firstPurchase;

    private ClvSummary(Unit unit, double holdoutLength, String[] ids, double[][] cols) {
        this.unit = unit;
        this.holdoutLength = holdoutLength;
        this.ids = ids;
        this.frequency = cols[CsegNative.CSEG_CLV_X];
        this.recency = cols[CsegNative.CSEG_CLV_T_X];
        this.age = cols[CsegNative.CSEG_CLV_T];
        this.monetaryValue = cols[CsegNative.CSEG_CLV_ZBAR];
        this.frequencyHoldout = cols[CsegNative.CSEG_CLV_X_HOLDOUT];
        this.monetaryValueHoldout = cols[CsegNative.CSEG_CLV_ZBAR_HOLDOUT];
        double[] first = cols[CsegNative.CSEG_CLV_FIRST_DAY];
        this.firstPurchase = new long[first.length];
        for (int i = 0; i < first.length; i++) {
            firstPurchase[i] = (long) first[i];
        }
    }

    /* Copies a native summary; the caller frees it. */
    static ClvSummary fromNative(long s, Unit unit) {
        long n = CsegNative.clv_summary_n_customers(s);
        if (n > Integer.MAX_VALUE - 8) {
            throw new CsegException(Status.NOMEM.code(), n + " customers exceed one Java array");
        }
        String[] ids = new String[(int) n];
        for (int i = 0; i < n; i++) {
            ids[i] = CsegNative.clv_summary_id(s, i);
        }
        double[][] cols = new double[7][];
        for (int c = 0; c < cols.length; c++) {
            cols[c] = new double[(int) n];
            CsegNative.clv_summary_copy_column(s, c, cols[c]);
        }
        return new ClvSummary(unit, CsegNative.clv_summary_holdout_length(s), ids, cols);
    }

    /**
     * Number of customers (those who purchased by the calibration end).
     *
     * @return at least 1
     */
    public int size() {
        return ids.length;
    }

    /**
     * Time unit of recency, age and the holdout length.
     *
     * @return the unit
     */
    public Unit unit() {
        return unit;
    }

    /**
     * Customer IDs, one per row.
     *
     * @return the IDs
     */
    public String[] ids() {
        return ids;
    }

    /**
     * Frequency x: repeat purchases (distinct purchase days after the first)
     * in the calibration period.
     *
     * @return one whole number per customer
     */
    public double[] frequency() {
        return frequency;
    }

    /**
     * Recency t_x: last minus first purchase day, in units.
     *
     * @return one value per customer (0 when frequency is 0)
     */
    public double[] recency() {
        return recency;
    }

    /**
     * Age T: calibration end minus first purchase day, in units.
     *
     * @return one value per customer
     */
    public double[] T() {
        return age;
    }

    /**
     * Monetary value zbar: mean daily total of the repeat purchase days.
     *
     * @return one value per customer (0 when frequency is 0)
     */
    public double[] monetaryValue() {
        return monetaryValue;
    }

    /**
     * Actual purchase days in the holdout period.
     *
     * @return one whole number per customer (all 0 without holdout)
     */
    public double[] frequencyHoldout() {
        return frequencyHoldout;
    }

    /**
     * Mean daily total of the holdout purchase days.
     *
     * @return one value per customer (0 when none)
     */
    public double[] monetaryValueHoldout() {
        return monetaryValueHoldout;
    }

    /**
     * Length of the holdout period in units ({@code lifetimes}' duration_holdout).
     *
     * @return observation end minus calibration end, 0 without holdout
     */
    public double durationHoldout() {
        return holdoutLength;
    }

    /**
     * First purchase per customer.
     *
     * @return days since 1970-01-01
     */
    public long[] firstPurchaseDays() {
        return firstPurchase;
    }

    /**
     * First purchase of one customer.
     *
     * @param row 0-based row
     * @return the date
     * @throws IndexOutOfBoundsException for a row out of range
     */
    public LocalDate firstPurchase(int row) {
        return LocalDate.ofEpochDay(firstPurchase[Objects.checkIndex(row, ids.length)]);
    }

    /**
     * Number of customers who purchased again in the calibration period.
     *
     * @return customers with frequency greater than 0
     */
    public int nRepeatCustomers() {
        int n = 0;
        for (double x : frequency) {
            if (x > 0) {
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return "ClvSummary[" + ids.length + " customers, " + unit
            + (holdoutLength > 0 ? ", holdout " + holdoutLength + "]" : "]");
    }
}
