package org.cseg;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * A transaction log: one row per purchase (customer, date, amount, quantity),
 * read from a delimited file or built from arrays, and summarised per
 * customer for the lifetime-value models ({@link #summary}).
 *
 * <p>Dates are whole days since 1970-01-01 ({@link LocalDate#toEpochDay()}).
 * Customers are numbered 0, 1, ... in order of first appearance; their IDs
 * are kept.
 *
 * <pre>{@code
 * try (Transactions tx = Transactions.read(Path.of("CDNOW_sample.txt"),
 *         new Transactions.ReadOptions().idColumn(0).dateColumn(2).amountColumn(4))) {
 *     ClvSummary s = tx.summary(LocalDate.of(1997, 9, 30), LocalDate.of(1998, 6, 30), ClvSummary.Unit.WEEKS);
 *     System.out.println(s.size() + " customers");
 * }
 * }</pre>
 *
 * <p>Close it (try-with-resources) to free the native memory at once; a
 * forgotten log is freed after garbage collection. Read-only once built: any
 * number of threads may query or summarise it.
 */
public final class Transactions implements AutoCloseable {
    /** Date formats accepted in files. */
    public enum DateFormat {
        /** {@code YYYY-MM-DD} or {@code YYYYMMDD}, decided per cell; the default. */
        AUTO(CsegNative.CSEG_DATE_AUTO),
        /** ISO 8601 {@code YYYY-MM-DD}, optionally followed by {@code T} and a time, ignored. */
        ISO(CsegNative.CSEG_DATE_ISO),
        /** Eight digits, {@code YYYYMMDD}. */
        YYYYMMDD(CsegNative.CSEG_DATE_YYYYMMDD);

        final int code;

        DateFormat(int code) {
            this.code = code;
        }
    }

    /**
     * The optional string columns of a log: per-row channel, region and
     * product category. Their distinct non-empty values ("levels") give the
     * {@code share_<attribute>_<level>} columns of {@link Features}.
     */
    public enum Attribute {
        /** Sales channel, e.g. "web" or "store". */
        CHANNEL(CsegNative.CSEG_TX_COLUMN_CHANNEL),
        /** Region. */
        REGION(CsegNative.CSEG_TX_COLUMN_REGION),
        /** Product category. */
        CATEGORY(CsegNative.CSEG_TX_COLUMN_CATEGORY);

        final int key;

        Attribute(int key) {
            this.key = key;
        }
    }

    /**
     * How {@link #read(Path, ReadOptions)} parses a file: which columns hold
     * the ID, date, amount and quantity (by 0-based position or by header
     * name), the delimiter, the header line, the date format and whether
     * malformed rows are skipped. Every setting is checked by the C library
     * when the file is read; unset ones keep the library's defaults (ID, date
     * and amount in columns 0, 1 and 2, no quantity, automatic delimiter and
     * header).
     */
    public static final class ReadOptions {
        private final Object[] columns = new Object[7]; // Integer position or String name
        private Integer delimiter;
        private Integer header;
        private Boolean skipBadRows;
        private DateFormat dateFormat;

        private static final int[] COLUMN_KEYS = {
            CsegNative.CSEG_TX_COLUMN_ID, CsegNative.CSEG_TX_COLUMN_DATE,
            CsegNative.CSEG_TX_COLUMN_AMOUNT, CsegNative.CSEG_TX_COLUMN_QUANTITY,
            CsegNative.CSEG_TX_COLUMN_CHANNEL, CsegNative.CSEG_TX_COLUMN_REGION,
            CsegNative.CSEG_TX_COLUMN_CATEGORY,
        };

        /** Options with every setting at the library's default. */
        public ReadOptions() {
        }

        /**
         * Customer ID column by position (default 0).
         *
         * @param position 0-based column
         * @return these options
         */
        public ReadOptions idColumn(int position) {
            columns[0] = position;
            return this;
        }

        /**
         * Customer ID column by header name (needs a header line).
         *
         * @param name header of the column
         * @return these options
         */
        public ReadOptions idColumn(String name) {
            columns[0] = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Date column by position (default 1).
         *
         * @param position 0-based column
         * @return these options
         */
        public ReadOptions dateColumn(int position) {
            columns[1] = position;
            return this;
        }

        /**
         * Date column by header name (needs a header line).
         *
         * @param name header of the column
         * @return these options
         */
        public ReadOptions dateColumn(String name) {
            columns[1] = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Amount column by position (default 2).
         *
         * @param position 0-based column
         * @return these options
         */
        public ReadOptions amountColumn(int position) {
            columns[2] = position;
            return this;
        }

        /**
         * Amount column by header name (needs a header line).
         *
         * @param name header of the column
         * @return these options
         */
        public ReadOptions amountColumn(String name) {
            columns[2] = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Quantity column by position (default -1: absent, every quantity 1).
         *
         * @param position 0-based column, or -1 for none
         * @return these options
         */
        public ReadOptions quantityColumn(int position) {
            columns[3] = position;
            return this;
        }

        /**
         * Quantity column by header name (needs a header line).
         *
         * @param name header of the column
         * @return these options
         */
        public ReadOptions quantityColumn(String name) {
            columns[3] = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * An optional attribute column by position (default -1: absent). An
         * empty cell means unknown.
         *
         * @param attribute which attribute
         * @param position  0-based column, or -1 for none
         * @return these options
         */
        public ReadOptions attributeColumn(Attribute attribute, int position) {
            columns[4 + Objects.requireNonNull(attribute, "attribute").ordinal()] = position;
            return this;
        }

        /**
         * An optional attribute column by header name (needs a header line).
         *
         * @param attribute which attribute
         * @param name      header of the column
         * @return these options
         */
        public ReadOptions attributeColumn(Attribute attribute, String name) {
            columns[4 + Objects.requireNonNull(attribute, "attribute").ordinal()] =
                Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Field separator (default: ',' if the first line has one, else tab,
         * else runs of blanks).
         *
         * @param delimiter the character; {@code ' '} means runs of spaces and tabs
         * @return these options
         */
        public ReadOptions delimiter(char delimiter) {
            this.delimiter = (int) delimiter;
            return this;
        }

        /**
         * Whether the first line is a header (default: detected, a header
         * when its date cell is not a date).
         *
         * @param present true for a header line, false for none
         * @return these options
         */
        public ReadOptions header(boolean present) {
            this.header = present ? 1 : 0;
            return this;
        }

        /**
         * Skips and counts malformed rows ({@link Transactions#nSkipped()})
         * instead of failing (default false).
         *
         * @param skip true to skip
         * @return these options
         */
        public ReadOptions skipBadRows(boolean skip) {
            this.skipBadRows = skip;
            return this;
        }

        /**
         * Date format of the file (default {@link DateFormat#AUTO}).
         *
         * @param format the format
         * @return these options
         */
        public ReadOptions dateFormat(DateFormat format) {
            this.dateFormat = Objects.requireNonNull(format, "format");
            return this;
        }

        /* Native options for one read; the caller frees them. */
        long toNative() {
            long o = CsegNative.tx_options_new();
            try {
                for (int c = 0; c < columns.length; c++) {
                    if (columns[c] instanceof Integer) {
                        CsegNative.tx_options_set_int(o, COLUMN_KEYS[c], (Integer) columns[c]);
                    } else if (columns[c] instanceof String) {
                        CsegNative.tx_options_set_string(o, COLUMN_KEYS[c], (String) columns[c]);
                    }
                }
                if (delimiter != null) {
                    CsegNative.tx_options_set_int(o, CsegNative.CSEG_TX_DELIMITER, delimiter);
                }
                if (header != null) {
                    CsegNative.tx_options_set_int(o, CsegNative.CSEG_TX_HEADER, header);
                }
                if (skipBadRows != null) {
                    CsegNative.tx_options_set_int(o, CsegNative.CSEG_TX_SKIP_BAD_ROWS, skipBadRows ? 1 : 0);
                }
                if (dateFormat != null) {
                    CsegNative.tx_options_set_int(o, CsegNative.CSEG_TX_DATE_FORMAT, dateFormat.code);
                }
            } catch (RuntimeException e) {
                CsegNative.tx_options_free(o);
                throw e;
            }
            return o;
        }
    }

    final NativeHandle handle;
    private final int nRows;
    private final int nCustomers;

    private Transactions(long ptr) {
        this.handle = new NativeHandle(this, ptr, CsegNative::transactions_free, "Transactions");
        long r = CsegNative.transactions_n_rows(ptr);
        long c = CsegNative.transactions_n_customers(ptr);
        if (r > Integer.MAX_VALUE - 8) {
            handle.close();
            throw new CsegException(Status.NOMEM.code(), r + " transactions exceed Java's int indices");
        }
        this.nRows = (int) r;
        this.nCustomers = (int) c;
    }

    /**
     * Reads a delimited text file with the default options (ID, date and
     * amount in columns 0, 1 and 2; delimiter and header detected).
     *
     * @param path file to read
     * @return the transactions; close them when done
     * @throws CsegException as {@link #read(Path, ReadOptions)}
     */
    public static Transactions read(Path path) {
        return read(path, null);
    }

    /**
     * Reads a delimited text file. CSV fields may be quoted (RFC 4180);
     * blank lines are skipped; amounts must be finite (negative ones, e.g.
     * returns, are kept).
     *
     * @param path    file to read
     * @param options columns and parsing, or null for the defaults
     * @return the transactions; close them when done
     * @throws CsegException {@link Status#IO} when unreadable; {@link Status#FORMAT}
     *         for a malformed row (path:line:column and the column in the
     *         message) unless bad rows are skipped; {@link Status#INVALID_ARG}
     *         for a bad option, a column name not in the header, or no data rows
     */
    public static Transactions read(Path path, ReadOptions options) {
        Objects.requireNonNull(path, "path");
        long opts = options == null ? 0 : options.toNative();
        try {
            return new Transactions(CsegNative.transactions_read(path.toString(), opts));
        } finally {
            CsegNative.tx_options_free(opts);
        }
    }

    /**
     * Builds transactions from arrays (copied), every quantity 1.
     *
     * @param ids     customer ID per row (equal strings are the same customer)
     * @param days    date per row, days since 1970-01-01
     * @param amounts amount per row, finite
     * @return the transactions; close them when done
     * @throws CsegException ({@link Status#INVALID_ARG}) for arrays of different
     *         lengths, no rows, a null ID, a non-finite amount or a date outside
     *         years 1..9999 (the message names the row)
     */
    public static Transactions of(String[] ids, long[] days, double[] amounts) {
        return of(ids, days, amounts, null);
    }

    /**
     * Builds transactions from arrays (copied).
     *
     * @param ids        customer ID per row
     * @param days       date per row, days since 1970-01-01
     * @param amounts    amount per row, finite
     * @param quantities quantity per row, finite, or null for all 1
     * @return the transactions; close them when done
     * @throws CsegException as {@link #of(String[], long[], double[])}
     */
    public static Transactions of(String[] ids, long[] days, double[] amounts, double[] quantities) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(amounts, "amounts");
        return new Transactions(CsegNative.transactions_new(ids, days, amounts, quantities));
    }

    /**
     * Builds transactions from arrays of dates (copied), every quantity 1.
     *
     * @param ids     customer ID per row
     * @param dates   date per row, non-null
     * @param amounts amount per row, finite
     * @return the transactions; close them when done
     * @throws CsegException as {@link #of(String[], long[], double[])}
     */
    public static Transactions of(String[] ids, LocalDate[] dates, double[] amounts) {
        return of(ids, dates, amounts, null);
    }

    /**
     * Builds transactions from arrays of dates (copied).
     *
     * @param ids        customer ID per row
     * @param dates      date per row, non-null
     * @param amounts    amount per row, finite
     * @param quantities quantity per row, finite, or null for all 1
     * @return the transactions; close them when done
     * @throws CsegException as {@link #of(String[], long[], double[])}
     */
    public static Transactions of(String[] ids, LocalDate[] dates, double[] amounts, double[] quantities) {
        return of(ids, epochDays(dates), amounts, quantities);
    }

    static long[] epochDays(LocalDate[] dates) {
        Objects.requireNonNull(dates, "dates");
        long[] days = new long[dates.length];
        for (int i = 0; i < dates.length; i++) {
            if (dates[i] == null) {
                throw new NullPointerException("dates[" + i + "]");
            }
            days[i] = dates[i].toEpochDay();
        }
        return days;
    }

    /**
     * Number of transactions kept.
     *
     * @return rows, at least 1
     */
    public int nRows() {
        return nRows;
    }

    /**
     * Number of distinct customers.
     *
     * @return at least 1
     */
    public int nCustomers() {
        return nCustomers;
    }

    /**
     * Rows skipped as malformed by {@link ReadOptions#skipBadRows(boolean)}.
     *
     * @return 0 or more
     */
    public long nSkipped() {
        return handle.call(p -> CsegNative.transactions_n_skipped(p));
    }

    /**
     * ID of one customer.
     *
     * @param customer 0-based, in order of first appearance
     * @return the ID
     * @throws IndexOutOfBoundsException for a customer out of range
     */
    public String customerId(int customer) {
        Objects.checkIndex(customer, nCustomers);
        return handle.call(p -> CsegNative.transactions_customer_id(p, customer));
    }

    /**
     * IDs of all customers, in order of first appearance.
     *
     * @return a new array of nCustomers() IDs
     */
    public String[] customerIds() {
        return handle.strings(nCustomers, CsegNative::transactions_customer_id);
    }

    /**
     * Sets an attribute of every row, replacing any earlier values.
     *
     * @param attribute which attribute
     * @param values    one value per row in row order (copied); null or "" means unknown
     * @return these transactions
     * @throws CsegException ({@link Status#INVALID_ARG}) when values does not
     *         have {@link #nRows()} entries
     */
    public Transactions setAttribute(Attribute attribute, String[] values) {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(values, "values");
        handle.run(p -> CsegNative.transactions_set_attribute(p, attribute.key, values));
        return this;
    }

    /**
     * Removes an attribute column.
     *
     * @param attribute which attribute
     * @return these transactions
     */
    public Transactions removeAttribute(Attribute attribute) {
        Objects.requireNonNull(attribute, "attribute");
        handle.run(p -> CsegNative.transactions_set_attribute(p, attribute.key, null));
        return this;
    }

    /**
     * Whether the log has an attribute column (read or set).
     *
     * @param attribute which attribute
     * @return true when present
     */
    public boolean hasAttribute(Attribute attribute) {
        Objects.requireNonNull(attribute, "attribute");
        return handle.call(p -> CsegNative.transactions_has_column(p, attribute.key)) != 0;
    }

    /**
     * Distinct non-empty values of an attribute, in order of first appearance.
     *
     * @param attribute which attribute
     * @return a new array; empty when the column is absent
     */
    public String[] levels(Attribute attribute) {
        Objects.requireNonNull(attribute, "attribute");
        long n = handle.call(p -> CsegNative.transactions_n_levels(p, attribute.key));
        return handle.strings((int) n, (p, i) -> CsegNative.transactions_level(p, attribute.key, i));
    }

    /**
     * Rows with a negative amount (returns).
     *
     * @return 0 or more
     */
    public long nReturns() {
        return handle.call(p -> CsegNative.transactions_n_returns(p));
    }

    private long[] dateRange() {
        return handle.call(p -> CsegNative.transactions_date_range(p));
    }

    /**
     * Earliest transaction date.
     *
     * @return the date
     */
    public LocalDate firstDate() {
        return LocalDate.ofEpochDay(dateRange()[0]);
    }

    /**
     * Latest transaction date.
     *
     * @return the date
     */
    public LocalDate lastDate() {
        return LocalDate.ofEpochDay(dateRange()[1]);
    }

    /**
     * Per-customer summary without a holdout period (holdout columns 0).
     *
     * @param calibrationEnd last day of the calibration period, included
     * @param unit           time unit of recency and age
     * @return the summary, as Java arrays
     * @throws CsegException as {@link #summary(LocalDate, LocalDate, ClvSummary.Unit)}
     */
    public ClvSummary summary(LocalDate calibrationEnd, ClvSummary.Unit unit) {
        return summary(calibrationEnd, null, unit);
    }

    /**
     * Per-customer summary for a calibration period and an optional holdout
     * period, as the literature and the Python {@code lifetimes} package
     * compute it: purchases on one day are one purchase; with D the distinct
     * purchase days up to {@code calibrationEnd}, frequency x = |D| - 1,
     * recency t_x = last - first, age T = calibrationEnd - first, monetary
     * value = mean daily total of D without the first day. Customers whose
     * first purchase is after {@code calibrationEnd} are left out. Holdout
     * columns count the days in (calibrationEnd, observationEnd].
     *
     * @param calibrationEnd last day of the calibration period, included
     * @param observationEnd last day of the holdout period, after
     *                       calibrationEnd, or null for none
     * @param unit           time unit of recency, age and the holdout length
     * @return the summary, as Java arrays
     * @throws CsegException ({@link Status#INVALID_ARG}) when observationEnd is
     *         not after calibrationEnd or nobody purchased by calibrationEnd
     */
    public ClvSummary summary(LocalDate calibrationEnd, LocalDate observationEnd, ClvSummary.Unit unit) {
        Objects.requireNonNull(calibrationEnd, "calibrationEnd");
        Objects.requireNonNull(unit, "unit");
        long obs = observationEnd == null ? Long.MIN_VALUE : observationEnd.toEpochDay();
        long p = handle.acquire();
        try {
            long s = CsegNative.clv_summary_new(p, calibrationEnd.toEpochDay(), obs, unit.code);
            try {
                return ClvSummary.fromNative(s, unit);
            } finally {
                CsegNative.clv_summary_free(s);
            }
        } finally {
            handle.release();
        }
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /** Frees the native copy. Idempotent; later use throws IllegalStateException. */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return "Transactions[" + nRows + " rows, " + nCustomers + " customers" + (isClosed() ? ", closed]" : "]");
    }
}
