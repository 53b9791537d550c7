package org.cseg;

import java.nio.file.Path;
import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * Customers by numeric features: a native copy of a matrix with one name per
 * column and one ID per customer.
 *
 * <p>NaN cells are missing values (fitting refuses them); infinite cells are
 * refused when the dataset is built. The data is copied into native memory,
 * so the Java arrays may be changed or dropped afterwards.
 *
 * <pre>{@code
 * try (Dataset ds = Dataset.readCsv(Path.of("customers.csv"), ',', "id", "Fresh", "Milk")) {
 *     System.out.println(ds.nRows() + " customers");
 * }
 * }</pre>
 *
 * <p>Close it (try-with-resources) to free the native memory at once; a
 * forgotten dataset is freed after garbage collection. Not safe for
 * concurrent mutation ({@link #setIds}, {@link #setColumnNames}); reads may run
 * from any number of threads.
 */
public final class Dataset implements AutoCloseable {
    final NativeHandle handle;
    private final int nRows;
    private final int nCols;

    private Dataset(long ptr) {
        this.handle = new NativeHandle(this, ptr, CsegNative::dataset_free, "Dataset");
        long r = CsegNative.dataset_n_rows(ptr);
        long c = CsegNative.dataset_n_cols(ptr);
        if (r > Integer.MAX_VALUE || c > Integer.MAX_VALUE) {
            handle.close();
            throw new CsegException(Status.NOMEM.code(),
                "dataset of " + r + " x " + c + " exceeds Java's int indices");
        }
        this.nRows = (int) r;
        this.nCols = (int) c;
    }

    /**
     * Builds a dataset from rows, copying them.
     *
     * @param rows one array per customer, all of the same length (at least 1)
     * @throws CsegException ({@link Status#INVALID_ARG}) for no rows, ragged or
     *         empty rows, or an infinite value (the message names row and column)
     */
    public Dataset(double[][] rows) {
        this(fromRows(rows));
    }

    /**
     * Builds a dataset from a flat row-major matrix, copying it.
     *
     * @param data  nRows * nCols values; row i, column j at {@code data[i * nCols + j]}
     * @param nRows customers, at least 1
     * @param nCols features, at least 1
     * @throws CsegException ({@link Status#INVALID_ARG}) for a length that is not
     *         nRows * nCols, non-positive sizes or an infinite value
     */
    public Dataset(double[] data, int nRows, int nCols) {
        this(CsegNative.dataset_new(Objects.requireNonNull(data, "data"), nRows, nCols,
            CsegNative.CSEG_LAYOUT_ROW_MAJOR));
    }

    /* Owns a dataset the library produced (features, ...); frees it on failure. */
    static Dataset wrap(long ptr) {
        return new Dataset(ptr);
    }

    private static long fromRows(double[][] rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.length == 0) {
            throw new CsegException(Status.INVALID_ARG.code(), "rows: no customers (n_rows = 0)");
        }
        Objects.requireNonNull(rows[0], "rows[0]");
        int d = rows[0].length;
        if (d == 0) {
            throw new CsegException(Status.INVALID_ARG.code(), "rows: no features (n_cols = 0)");
        }
        if ((long) rows.length * d > Integer.MAX_VALUE - 8) {
            throw new CsegException(Status.NOMEM.code(),
                "rows: " + rows.length + " x " + d + " values exceed one Java array");
        }
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            double[] row = rows[i];
            if (row == null) {
                throw new NullPointerException("rows[" + i + "]");
            }
            if (row.length != d) {
                throw new CsegException(Status.INVALID_ARG.code(),
                    "rows: row " + i + " has " + row.length + " values, row 0 has " + d);
            }
            System.arraycopy(row, 0, flat, i * d, d);
        }
        return CsegNative.dataset_new(flat, rows.length, d, CsegNative.CSEG_LAYOUT_ROW_MAJOR);
    }

    /**
     * Reads a CSV file whose first line is a header (RFC 4180 quoting; empty,
     * NA, NaN, N/A and null cells are missing values).
     *
     * @param path      file to read
     * @param delimiter field separator, e.g. {@code ','} or {@code ';'}
     * @param idColumn  header of the customer ID column, or null to number
     *                  customers "1", "2", ... by line
     * @param columns   headers of the feature columns in the order wanted; none
     *                  for every column except the ID column
     * @return the dataset
     * @throws CsegException {@link Status#IO} when unreadable, {@link Status#FORMAT}
     *         for malformed CSV or a non-numeric cell (file:line:column in the
     *         message), {@link Status#INVALID_ARG} for an unknown column
     */
    public static Dataset readCsv(Path path, char delimiter, String idColumn, String... columns) {
        Objects.requireNonNull(path, "path");
        String[] cols = columns == null || columns.length == 0 ? null : columns;
        return new Dataset(CsegNative.dataset_read_csv(path.toString(), delimiter, idColumn, cols));
    }

    /**
     * Reads a comma-separated file, every column a feature, customers numbered by line.
     *
     * @param path file to read
     * @return the dataset
     * @throws CsegException as {@link #readCsv(Path, char, String, String...)}
     */
    public static Dataset readCsv(Path path) {
        return readCsv(path, ',', null);
    }

    /**
     * Names the columns.
     *
     * @param names one distinct, non-empty name per column
     * @return this dataset
     * @throws CsegException ({@link Status#INVALID_ARG}) for a wrong count, an
     *         empty or duplicated name
     */
    public Dataset setColumnNames(String... names) {
        Objects.requireNonNull(names, "names");
        handle.run(p -> CsegNative.dataset_set_column_names(p, names));
        return this;
    }

    /**
     * Sets the customer IDs (duplicates are allowed).
     *
     * @param ids one ID per row
     * @return this dataset
     * @throws CsegException ({@link Status#INVALID_ARG}) for a wrong count or a null ID
     */
    public Dataset setIds(String... ids) {
        Objects.requireNonNull(ids, "ids");
        handle.run(p -> CsegNative.dataset_set_ids(p, ids));
        return this;
    }

    /**
     * Number of customers.
     *
     * @return rows, at least 1
     */
    public int nRows() {
        return nRows;
    }

    /**
     * Number of features.
     *
     * @return columns, at least 1
     */
    public int nCols() {
        return nCols;
    }

    /**
     * Number of missing (NaN) cells.
     *
     * @return 0 or more
     */
    public long nMissing() {
        return handle.call(p -> CsegNative.dataset_n_missing(p));
    }

    /**
     * Name of one column.
     *
     * @param col 0-based column
     * @return the name
     * @throws IndexOutOfBoundsException for a column out of range
     */
    public String columnName(int col) {
        Objects.checkIndex(col, nCols);
        return handle.call(p -> CsegNative.dataset_column_name(p, col));
    }

    /**
     * Names of all columns.
     *
     * @return a new array of nCols() names
     */
    public String[] columnNames() {
        return handle.strings(nCols, CsegNative::dataset_column_name);
    }

    /**
     * ID of one customer.
     *
     * @param row 0-based row
     * @return the ID
     * @throws IndexOutOfBoundsException for a row out of range
     */
    public String id(int row) {
        Objects.checkIndex(row, nRows);
        return handle.call(p -> CsegNative.dataset_id(p, row));
    }

    /**
     * IDs of all customers.
     *
     * @return a new array of nRows() IDs
     */
    public String[] ids() {
        return handle.strings(nRows, CsegNative::dataset_id);
    }

    /**
     * Copy of the matrix, row-major (missing cells are NaN).
     *
     * @return nRows() * nCols() values
     * @throws CsegException ({@link Status#NOMEM}) when too large for one Java array
     */
    public double[] toRowMajor() {
        long n = (long) nRows * nCols;
        if (n > Integer.MAX_VALUE - 8) {
            throw new CsegException(Status.NOMEM.code(), n + " values exceed one Java array");
        }
        double[] out = new double[(int) n];
        handle.run(p -> CsegNative.dataset_copy_data(p, out));
        return out;
    }

    /**
     * Copy of the matrix, one array per customer.
     *
     * @return nRows() arrays of nCols() values
     */
    public double[][] toArray() {
        return Arrays2.unflatten(toRowMajor(), nRows, nCols);
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
        return "Dataset[" + nRows + " x " + nCols + (isClosed() ? ", closed]" : "]");
    }
}
