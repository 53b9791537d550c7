package org.cseg;

import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * RFM analysis: each customer gets a score 1..nBins on recency (days since
 * the last purchase; the most recent customers score highest), frequency and
 * monetary value, the cell {@code R*100 + F*10 + M} (e.g. 555) and a named
 * segment ("Champions", "At Risk", ...) from a table of rules.
 *
 * <pre>{@code
 * try (Rfm rfm = Rfm.builder().nBins(5).build()) {
 *     RfmResult r = rfm.compute(recency, frequency, monetary);
 *     System.out.println(r.segments()[0] + " " + r.cells()[0]);
 * }
 * }</pre>
 *
 * <p>{@link Binning#BALANCED} (the default) never gives equal values different
 * scores and still fills every bin when the data has at least nBins distinct
 * values; {@link Binning#RANK} reproduces
 * {@code pandas.qcut(x.rank(method="first"), nBins)}. Fixed cut points
 * ({@link Builder#cuts}) replace either method for one dimension: a value v
 * falls in bin 1 + #{j : v &gt; c_j}.
 *
 * <p>Close it (try-with-resources) to free the native memory at once; a
 * forgotten object is freed after garbage collection. {@link #compute} is
 * serialised per object, so one object may be shared between threads.
 */
public final class Rfm implements AutoCloseable {
    /** How quantile bins are formed. */
    public enum Binning {
        /** Ties never split; bins as even as the ties allow (the default). */
        BALANCED(CsegNative.CSEG_RFM_BINNING_BALANCED),
        /** Rank with ties broken by row order (pandas qcut of rank "first"): equal values may get different scores. */
        RANK(CsegNative.CSEG_RFM_BINNING_RANK);

        final int code;

        Binning(int code) {
            this.code = code;
        }
    }

    /** The three RFM dimensions. */
    public enum Dimension {
        /** Days since the last purchase (lower is better). */
        RECENCY(CsegNative.CSEG_RFM_RECENCY),
        /** Number of purchases (higher is better). */
        FREQUENCY(CsegNative.CSEG_RFM_FREQUENCY),
        /** Money spent (higher is better). */
        MONETARY(CsegNative.CSEG_RFM_MONETARY);

        final int code;

        Dimension(int code) {
            this.code = code;
        }
    }

    /**
     * Options of an {@link Rfm}; every setting is checked by the C library in
     * {@link #build()}.
     */
    public static final class Builder {
        private int nBins = 5;
        private Binning binning = Binning.BALANCED;
        private final double[][] cuts = new double[3][];
        private String rules;

        private Builder() {
        }

        /**
         * Scores per dimension (default 5).
         *
         * @param nBins 2..10
         * @return this builder
         */
        public Builder nBins(int nBins) {
            this.nBins = nBins;
            return this;
        }

        /**
         * How quantile bins are formed (default {@link Binning#BALANCED}).
         *
         * @param binning the method
         * @return this builder
         */
        public Builder binning(Binning binning) {
            this.binning = Objects.requireNonNull(binning, "binning");
            return this;
        }

        /**
         * Fixed cut points for one dimension instead of quantiles.
         *
         * @param dim  the dimension
         * @param cuts nBins - 1 finite, strictly increasing values in the
         *             dimension's own units (days for recency); none to return
         *             to quantile bins
         * @return this builder
         */
        public Builder cuts(Dimension dim, double... cuts) {
            Objects.requireNonNull(dim, "dim");
            this.cuts[dim.code] = cuts == null || cuts.length == 0 ? null : cuts.clone();
            return this;
        }

        /**
         * Replaces the default segment table by rules (see {@link Rules}),
         * which see the variables {@code r}, {@code f}, {@code m}, {@code fm},
         * {@code cell}, {@code recency}, {@code frequency} and {@code monetary}.
         *
         * @param text rule text, or null for the default table
         * @return this builder
         */
        public Builder segmentRules(String text) {
            this.rules = text;
            return this;
        }

        /**
         * Creates the RFM object.
         *
         * @return a new object, to be closed
         * @throws CsegException ({@link Status#INVALID_ARG}) for nBins out of
         *         2..10, bad cut points or a rule naming an unknown variable;
         *         ({@link Status#FORMAT}) for a rule syntax error, with line and column
         */
        public Rfm build() {
            long p = CsegNative.rfm_new();
            try {
                CsegNative.rfm_set_int(p, CsegNative.CSEG_RFM_N_BINS, nBins);
                CsegNative.rfm_set_int(p, CsegNative.CSEG_RFM_BINNING, binning.code);
                for (Dimension d : Dimension.values()) {
                    if (cuts[d.code] != null) {
                        CsegNative.rfm_set_cuts(p, d.code, cuts[d.code]);
                    }
                }
                if (rules != null) {
                    CsegNative.rfm_set_segment_rules(p, rules);
                }
            } catch (RuntimeException | Error e) {
                CsegNative.rfm_free(p);
                throw e;
            }
            return new Rfm(p, nBins, binning);
        }
    }

    private final NativeHandle handle;
    private final int nBins;
    private final Binning binning;

    private Rfm(long ptr, int nBins, Binning binning) {
        this.handle = new NativeHandle(this, ptr, CsegNative::rfm_free, "Rfm");
        this.nBins = nBins;
        this.binning = binning;
    }

    /**
     * A builder with the defaults: 5 bins, balanced binning, the default segment table.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Rule text of the default segment table (Champions, Loyal, ..., Lost).
     *
     * @return the rules
     */
    public static String defaultSegmentRules() {
        return CsegNative.rfm_default_segment_rules();
    }

    /**
     * Scores per dimension.
     *
     * @return 2..10
     */
    public int nBins() {
        return nBins;
    }

    /**
     * The binning method.
     *
     * @return the method
     */
    public Binning binning() {
        return binning;
    }

    /**
     * Scores customers from three arrays of one length.
     *
     * @param recency   days since each customer's last purchase
     * @param frequency purchases per customer
     * @param monetary  money per customer (total or mean)
     * @return the scores, cells, segments and cut points
     * @throws CsegException ({@link Status#INVALID_ARG}) for arrays of different
     *         lengths (checked before any value is read), no customers or an
     *         infinite value; ({@link Status#MISSING_VALUES}) for a NaN (the
     *         message names the array and row)
     */
    public RfmResult compute(double[] recency, double[] frequency, double[] monetary) {
        Objects.requireNonNull(recency, "recency");
        Objects.requireNonNull(frequency, "frequency");
        Objects.requireNonNull(monetary, "monetary");
        long p = handle.acquire();
        try {
            synchronized (this) {
                CsegNative.rfm_compute(p, recency, frequency, monetary);
                return collect(p);
            }
        } finally {
            handle.release();
        }
    }

    /**
     * Scores customers from three columns of a dataset.
     *
     * @param data            dataset
     * @param recencyColumn   name of the recency column
     * @param frequencyColumn name of the frequency column
     * @param monetaryColumn  name of the monetary column
     * @return the scores, cells, segments and cut points
     * @throws CsegException as {@link #compute(double[], double[], double[])};
     *         ({@link Status#INVALID_ARG}) also for an unknown column
     */
    public RfmResult compute(Dataset data, String recencyColumn, String frequencyColumn,
            String monetaryColumn) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(recencyColumn, "recencyColumn");
        Objects.requireNonNull(frequencyColumn, "frequencyColumn");
        Objects.requireNonNull(monetaryColumn, "monetaryColumn");
        long p = handle.acquire();
        try {
            long d = data.handle.acquire();
            try {
                synchronized (this) {
                    CsegNative.rfm_compute_dataset(p, d, recencyColumn, frequencyColumn, monetaryColumn);
                    return collect(p);
                }
            } finally {
                data.handle.release();
            }
        } finally {
            handle.release();
        }
    }

    /* Copies every result of the computation just made (under the lock). */
    private RfmResult collect(long p) {
        int n = (int) CsegNative.rfm_n_rows(p);
        int bins = (int) CsegNative.rfm_get_int(p, CsegNative.CSEG_RFM_N_BINS);
        int[][] scores = new int[3][];
        double[][] cuts = new double[3][];
        long[] buf = new long[n];
        for (Dimension d : Dimension.values()) {
            CsegNative.rfm_get_scores(p, d.code, buf);
            scores[d.code] = Arrays2.toInt(buf);
            cuts[d.code] = new double[bins - 1];
            CsegNative.rfm_get_cuts(p, d.code, cuts[d.code]);
        }
        CsegNative.rfm_get_cells(p, buf);
        int[] cells = Arrays2.toInt(buf);
        CsegNative.rfm_get_segments(p, buf);
        int[] seg = Arrays2.toInt(buf);
        int k = (int) CsegNative.rfm_n_segments(p);
        String[] names = new String[k];
        for (int s = 0; s < k; s++) {
            names[s] = CsegNative.rfm_segment_name(p, s);
        }
        long[] sizes = new long[k];
        CsegNative.rfm_get_segment_sizes(p, sizes);
        return new RfmResult(bins, scores, cells, seg, names, sizes, cuts);
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /** Frees the native object. Idempotent; later use throws IllegalStateException. */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return "Rfm[" + nBins + " bins, " + binning + (isClosed() ? ", closed]" : "]");
    }
}
