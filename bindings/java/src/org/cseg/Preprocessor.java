package org.cseg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * Preprocessing fitted once and applied again: missing values, log1p,
 * scaling, column weights and one-hot encoding of level codes (the C
 * library's {@code cseg_prep}).
 *
 * <p>Each input column goes through, in order: rows dropped
 * ({@link Missing#DROP_ROW}), missing values imputed on the raw scale,
 * log1p, one scaler fitted on the imputed, log-transformed training values,
 * then a multiplication by sqrt(weight), so that the column's share of a
 * squared Euclidean distance is multiplied by the weight. Matches
 * scikit-learn's SimpleImputer, StandardScaler, MinMaxScaler, RobustScaler
 * and OneHotEncoder to 1e-12. Columns are found by name.
 *
 * <pre>{@code
 * try (Preprocessor prep = Preprocessor.builder()
 *          .defaults(Preprocessor.Missing.MEDIAN, Preprocessor.Scaler.ZSCORE, false)
 *          .column("monetary", Preprocessor.column().missing(Preprocessor.Missing.MEDIAN)
 *              .log1p(true).scaler(Preprocessor.Scaler.ZSCORE).weight(2.0))
 *          .categorical("channel")
 *          .build();
 *      KMeans model = KMeans.builder().k(5).seed(1).preprocessor(prep).build().fit(raw)) {
 *     int segment = model.assignOne(rawCustomer);   // NaN allowed where imputed
 * }
 * }</pre>
 *
 * <p>Close it (try-with-resources) to free the native memory at once.
 * Configuring, fitting and {@link #transform} must not run concurrently;
 * a fitted preprocessor is read-only for {@link #transformOne}.
 */
public final class Preprocessor implements AutoCloseable {
    /** What to do with a missing value (NaN) in a column. */
    public enum Missing {
        /** Fail naming the first missing cell; the default. */
        ERROR(CsegNative.CSEG_MISSING_ERROR),
        /** Impute the fitted mean (categorical: the most frequent level). */
        MEAN(CsegNative.CSEG_MISSING_MEAN),
        /** Impute the fitted median (categorical: the most frequent level). */
        MEDIAN(CsegNative.CSEG_MISSING_MEDIAN),
        /** Impute the column's {@link Column#fill(double)} value. */
        CONSTANT(CsegNative.CSEG_MISSING_CONSTANT),
        /** Drop the row (counted by {@link #nDropped()}). */
        DROP_ROW(CsegNative.CSEG_MISSING_DROP_ROW),
        /** Impute the mean and add a 0/1 column "name_missing". */
        INDICATOR(CsegNative.CSEG_MISSING_INDICATOR);

        final int code;

        Missing(int code) {
            this.code = code;
        }
    }

    /** The scaler of a numeric column. */
    public enum Scaler {
        /** No scaling. */
        NONE(CsegNative.CSEG_TRANSFORM_NONE),
        /** (x - mean) / population standard deviation. */
        ZSCORE(CsegNative.CSEG_TRANSFORM_ZSCORE),
        /** (x - min) / (max - min). */
        MINMAX(CsegNative.CSEG_TRANSFORM_MINMAX),
        /** (x - median) / interquartile range. */
        ROBUST(CsegNative.CSEG_TRANSFORM_ROBUST);

        final int code;

        Scaler(int code) {
            this.code = code;
        }
    }

    /** A fitted statistic of one input column. */
    public enum Stat {
        /** Value imputed for a missing cell, raw scale (NaN when none). */
        FILL(CsegNative.CSEG_PREP_STAT_FILL),
        /** Subtracted after log1p (0 without scaler). */
        CENTER(CsegNative.CSEG_PREP_STAT_CENTER),
        /** Divisor after centring (1 without scaler or for a constant column). */
        SCALE(CsegNative.CSEG_PREP_STAT_SCALE),
        /** The column weight. */
        WEIGHT(CsegNative.CSEG_PREP_STAT_WEIGHT),
        /** Categorical levels seen at fit (0 for numeric columns). */
        N_LEVELS(CsegNative.CSEG_PREP_STAT_N_LEVELS);

        final int code;

        Stat(int code) {
            this.code = code;
        }
    }

    /** Settings of one column; unset values take the builder's defaults. */
    public static final class Column {
        private Missing missing;
        private double fill;
        private boolean fillSet;
        private Boolean log1p;
        private Scaler scaler;
        private double weight = 1.0;

        private Column() {
        }

        /**
         * Missing-value policy of the column.
         *
         * @param missing the policy
         * @return these settings
         */
        public Column missing(Missing missing) {
            this.missing = Objects.requireNonNull(missing, "missing");
            return this;
        }

        /**
         * Value imputed by {@link Missing#CONSTANT}.
         *
         * @param value finite
         * @return these settings
         */
        public Column fill(double value) {
            this.fill = value;
            this.fillSet = true;
            return this;
        }

        /**
         * Whether log(1 + x) is taken before the scaler.
         *
         * @param log1p true for log1p
         * @return these settings
         */
        public Column log1p(boolean log1p) {
            this.log1p = log1p;
            return this;
        }

        /**
         * The scaler.
         *
         * @param scaler the scaler
         * @return these settings
         */
        public Column scaler(Scaler scaler) {
            this.scaler = Objects.requireNonNull(scaler, "scaler");
            return this;
        }

        /**
         * Column weight (default 1): outputs are multiplied by sqrt(weight).
         *
         * @param weight finite, 0 or more
         * @return these settings
         */
        public Column weight(double weight) {
            this.weight = weight;
            return this;
        }
    }

    /** Settings of a new preprocessor, checked by the C library in {@link #build()}. */
    public static final class Builder {
        private Missing missing = Missing.ERROR;
        private Scaler scaler = Scaler.NONE;
        private boolean log1p;
        private final Map<String, Column> columns = new LinkedHashMap<>();
        private final List<String> categorical = new ArrayList<>();

        private Builder() {
        }

        /**
         * Settings of the columns not given to {@link #column}.
         *
         * @param missing any policy but {@link Missing#CONSTANT}
         * @param scaler  the scaler of numeric columns
         * @param log1p   log1p before the scaler
         * @return this builder
         */
        public Builder defaults(Missing missing, Scaler scaler, boolean log1p) {
            this.missing = Objects.requireNonNull(missing, "missing");
            this.scaler = Objects.requireNonNull(scaler, "scaler");
            this.log1p = log1p;
            return this;
        }

        /**
         * Settings of one column, by name (replacing earlier ones).
         *
         * @param name     column name as in the datasets
         * @param settings from {@link Preprocessor#column()}
         * @return this builder
         */
        public Builder column(String name, Column settings) {
            columns.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /**
         * Columns holding numeric level codes, one-hot encoded into
         * columns "name=level" (levels seen at fit; unseen levels give zeros).
         *
         * @param names column names
         * @return this builder
         */
        public Builder categorical(String... names) {
            for (String n : names) {
                categorical.add(Objects.requireNonNull(n, "categorical name"));
            }
            return this;
        }

        /**
         * Creates the unfitted preprocessor.
         *
         * @return a new preprocessor; close it when done
         * @throws CsegException ({@link Status#INVALID_ARG}) for a bad setting,
         *         naming the column
         */
        public Preprocessor build() {
            Preprocessor prep = new Preprocessor(CsegNative.prep_new());
            try {
                long p = prep.handle.acquire();
                try {
                    int dflt = scaler.code | (log1p ? CsegNative.CSEG_TRANSFORM_LOG1P : 0);
                    CsegNative.prep_set_default(p, missing.code, dflt);
                    for (Map.Entry<String, Column> e : columns.entrySet()) {
                        Column c = e.getValue();
                        boolean cat = categorical.contains(e.getKey());
                        Scaler s = c.scaler != null ? c.scaler : (cat ? Scaler.NONE : scaler);
                        boolean lg = c.log1p != null ? c.log1p : (!cat && log1p);
                        Missing m = c.missing != null ? c.missing : missing;
                        if (m == Missing.CONSTANT && !c.fillSet) {
                            throw new CsegException(Status.INVALID_ARG.code(),
                                "column \"" + e.getKey() + "\": Missing.CONSTANT needs fill(value)");
                        }
                        CsegNative.prep_set_column(p, e.getKey(), m.code, c.fill,
                            s.code | (lg ? CsegNative.CSEG_TRANSFORM_LOG1P : 0), c.weight);
                    }
                    for (String name : categorical) {
                        CsegNative.prep_set_categorical(p, name);
                    }
                } finally {
                    prep.handle.release();
                }
            } catch (RuntimeException e) {
                prep.close();
                throw e;
            }
            return prep;
        }
    }

    final NativeHandle handle;

    private Preprocessor(long ptr) {
        this.handle = new NativeHandle(this, ptr, CsegNative::prep_free, "Preprocessor");
    }

    /** Wraps a handle the caller owned (a model's copy). */
    static Preprocessor wrap(long ptr) {
        return new Preprocessor(ptr);
    }

    /**
     * Starts configuring a preprocessor.
     *
     * @return a builder: every column {@link Missing#ERROR}, no transform, weight 1
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the settings of one column, for {@link Builder#column}.
     *
     * @return settings with every value unset (weight 1)
     */
    public static Column column() {
        return new Column();
    }

    /**
     * Learns every column's statistics from a dataset (NaN marks a missing value).
     *
     * @param data training data; every column becomes an input
     * @return this preprocessor
     * @throws CsegException {@link Status#INVALID_ARG} (a configured column
     *         absent, a value &lt;= -1 under log1p), {@link Status#MISSING_VALUES}
     *         (a missing cell under {@link Missing#ERROR}); unchanged on failure
     */
    public Preprocessor fit(Dataset data) {
        Objects.requireNonNull(data, "data");
        long p = handle.acquire();
        try {
            long d = data.handle.acquire();
            try {
                CsegNative.prep_fit(p, d);
            } finally {
                data.handle.release();
            }
        } finally {
            handle.release();
        }
        return this;
    }

    /**
     * Applies the fitted preprocessing; rows dropped by
     * {@link Missing#DROP_ROW} are left out (their IDs tell which remain).
     *
     * @param data dataset with the input columns (found by name)
     * @return a new dataset of {@link #nOutputs()} named columns; close it
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#INVALID_ARG},
     *         {@link Status#MISSING_VALUES}
     */
    public Dataset transform(Dataset data) {
        Objects.requireNonNull(data, "data");
        long p = handle.acquire();
        try {
            long d = data.handle.acquire();
            try {
                return Dataset.wrap(CsegNative.prep_transform(p, d, null));
            } finally {
                data.handle.release();
            }
        } finally {
            handle.release();
        }
    }

    /**
     * {@link #fit} then {@link #transform} on the same data.
     *
     * @param data training data
     * @return the transformed dataset; close it
     * @throws CsegException as {@link #fit} and {@link #transform}
     */
    public Dataset fitTransform(Dataset data) {
        return fit(data).transform(data);
    }

    /**
     * Transforms one customer's raw values (in input order). Thread-safe.
     *
     * @param x {@link #nInputs()} values, NaN for missing
     * @return {@link #nOutputs()} values
     * @throws CsegException {@link Status#INVALID_ARG}, {@link Status#MISSING_VALUES}
     *         (under {@link Missing#ERROR} or {@link Missing#DROP_ROW}),
     *         {@link Status#NOT_FITTED}
     */
    public double[] transformOne(double[] x) {
        Objects.requireNonNull(x, "x");
        long p = handle.acquire();
        try {
            long n = CsegNative.prep_n_outputs(p);
            if (n < 0) {
                throw new CsegException(Status.NOT_FITTED.code(), "the preprocessor is not fitted");
            }
            double[] out = new double[(int) n];
            CsegNative.prep_transform_one(p, x, out);
            return out;
        } finally {
            handle.release();
        }
    }

    /**
     * Whether the preprocessor has been fitted (or loaded fitted).
     *
     * @return true when fitted
     */
    public boolean isFitted() {
        return handle.call(p -> CsegNative.prep_is_fitted(p)) == 1;
    }

    /**
     * Input columns, -1 when not fitted.
     *
     * @return the count
     */
    public int nInputs() {
        return (int) (long) handle.call(p -> CsegNative.prep_n_inputs(p));
    }

    /**
     * Output columns, -1 when not fitted.
     *
     * @return the count
     */
    public int nOutputs() {
        return (int) (long) handle.call(p -> CsegNative.prep_n_outputs(p));
    }

    /**
     * Names of the input columns, in fit order.
     *
     * @return nInputs() names (empty when not fitted)
     */
    public String[] inputNames() {
        return handle.strings(Math.max(nInputs(), 0), CsegNative::prep_input_name);
    }

    /**
     * Names of the output columns: "name", "name_missing" or "name=level".
     *
     * @return nOutputs() names (empty when not fitted)
     */
    public String[] outputNames() {
        return handle.strings(Math.max(nOutputs(), 0), CsegNative::prep_output_name);
    }

    /**
     * A fitted statistic of one input column.
     *
     * @param column input column name
     * @param stat   the statistic
     * @return its value
     * @throws CsegException {@link Status#NOT_FITTED}, {@link Status#INVALID_ARG}
     *         (unknown column)
     */
    public double statistic(String column, Stat stat) {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(stat, "stat");
        return handle.call(p -> CsegNative.prep_get_stat(p, column, stat.code));
    }

    /**
     * Rows dropped by the last transform.
     *
     * @return the count
     */
    public long nDropped() {
        return handle.call(p -> CsegNative.prep_n_dropped(p));
    }

    /**
     * Cells of a column imputed by the last transform.
     *
     * @param column input column name
     * @return the count, -1 for an unknown column
     */
    public long nImputed(String column) {
        Objects.requireNonNull(column, "column");
        return handle.call(p -> CsegNative.prep_n_imputed(p, column));
    }

    /**
     * Values of a categorical column not seen at fit, in the last transform.
     *
     * @param column input column name
     * @return the count, -1 for an unknown column
     */
    public long nUnseen(String column) {
        Objects.requireNonNull(column, "column");
        return handle.call(p -> CsegNative.prep_n_unseen(p, column));
    }

    /**
     * Settings and fitted statistics in the C library's encoding.
     *
     * @return the bytes
     */
    public byte[] toBytes() {
        return handle.call(p -> CsegNative.prep_save_buffer(p));
    }

    /**
     * Inverse of {@link #toBytes()}.
     *
     * @param bytes the encoding
     * @return the preprocessor; close it when done
     * @throws CsegException {@link Status#FORMAT}, {@link Status#VERSION}
     */
    public static Preprocessor fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new Preprocessor(CsegNative.prep_load_buffer(bytes));
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /** Frees the native preprocessor. Idempotent; later use throws IllegalStateException. */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        if (isClosed()) {
            return "Preprocessor[closed]";
        }
        return isFitted() ? "Preprocessor[" + nInputs() + " inputs -> " + nOutputs() + " outputs]"
            : "Preprocessor[unfitted]";
    }
}
