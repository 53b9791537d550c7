package org.cseg;

import java.util.Arrays;
import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * Choosing the number of segments: k-means for every k of a range, a table of
 * criteria and a recommended k within the limits the business can act on.
 *
 * <p>The table holds, per k: inertia (with its automatic elbow), the mean
 * silhouette (sampled and seeded), Calinski-Harabasz, Davies-Bouldin, the gap
 * statistic with its standard error (Tibshirani, Walther and Hastie 2001, as
 * R's {@code cluster::clusGap}), the smallest segment, the bootstrap stability
 * and, on request, BIC and ICL of Gaussian mixtures.
 *
 * <pre>{@code
 * KSelect.Result r = KSelect.builder().kMax(12).minSize(50)
 *         .criterion(KSelect.Criterion.GAP).build().run(ds);
 * System.out.println("k = " + r.recommendedK() + ", gap " + Arrays.toString(r.gap()));
 * }</pre>
 *
 * <p>A KSelect holds settings only (no native memory): it is immutable and
 * any number of threads may run it at once. With a fixed seed the table is
 * the same as from C, Python, R and the {@code cseg} command.
 */
public final class KSelect {
    /** Criterion of the recommendation. */
    public enum Criterion {
        /** Highest mean silhouette; the default. */
        SILHOUETTE(CsegNative.CSEG_CRITERION_SILHOUETTE),
        /** Highest Calinski-Harabasz index. */
        CALINSKI(CsegNative.CSEG_CRITERION_CALINSKI),
        /** Lowest Davies-Bouldin index. */
        DAVIES(CsegNative.CSEG_CRITERION_DAVIES),
        /** The gap rule ({@link Builder#gapRule}); needs gapB &gt; 0. */
        GAP(CsegNative.CSEG_CRITERION_GAP),
        /** The knee of the inertia curve; needs 3 values of k or more. */
        ELBOW(CsegNative.CSEG_CRITERION_ELBOW),
        /** Lowest mixture BIC; needs {@link Builder#mixtures(boolean)}. */
        BIC(CsegNative.CSEG_CRITERION_BIC),
        /** Lowest mixture ICL; needs {@link Builder#mixtures(boolean)}. */
        ICL(CsegNative.CSEG_CRITERION_ICL),
        /** Highest bootstrap stability; needs bootstrapB &gt; 0. */
        STABILITY(CsegNative.CSEG_CRITERION_STABILITY);

        final int code;

        Criterion(int code) {
            this.code = code;
        }
    }

    /** Rules choosing k from gaps and standard errors, as R's {@code cluster::maxSE}. */
    public enum GapRule {
        /** Smallest k with gap(k) &ge; gap(k*) - SE(k*), k* the first local maximum ("firstSEmax"); the default. */
        FIRST_SE_MAX(CsegNative.CSEG_GAP_FIRST_SE_MAX),
        /** Smallest k with gap(k) &ge; gap(k+1) - SE(k+1) ("Tibs2001SEmax"). */
        TIBS_2001_SE_MAX(CsegNative.CSEG_GAP_TIB_SE_MAX),
        /** As FIRST_SE_MAX with k* the global maximum ("globalSEmax"). */
        GLOBAL_SE_MAX(CsegNative.CSEG_GAP_GLOBAL_SE_MAX),
        /** First local maximum ("firstmax"). */
        FIRST_MAX(CsegNative.CSEG_GAP_FIRST_MAX),
        /** Global maximum ("globalmax"). */
        GLOBAL_MAX(CsegNative.CSEG_GAP_GLOBAL_MAX);

        final int code;

        GapRule(int code) {
            this.code = code;
        }
    }

    /** Space of the gap statistic's uniform reference sets (clusGap's spaceH0). */
    public enum GapSpace {
        /** Box aligned with the principal components of the centred data; the default. */
        SCALED_PCA(CsegNative.CSEG_GAP_SCALED_PCA),
        /** Box of the features' ranges. */
        ORIGINAL(CsegNative.CSEG_GAP_ORIGINAL);

        final int code;

        GapSpace(int code) {
            this.code = code;
        }
    }

    /** Columns of the table; NaN where not computed. */
    public enum Column {
        /** k. */
        K(CsegNative.CSEG_KSEL_K),
        /** Within sum of squares of the k-means fit. */
        INERTIA(CsegNative.CSEG_KSEL_INERTIA),
        /** Mean silhouette (NaN for k = 1). */
        SILHOUETTE(CsegNative.CSEG_KSEL_SILHOUETTE),
        /** Calinski-Harabasz index (NaN for k = 1). */
        CALINSKI(CsegNative.CSEG_KSEL_CALINSKI),
        /** Davies-Bouldin index (NaN for k = 1). */
        DAVIES(CsegNative.CSEG_KSEL_DAVIES),
        /** log W_k (clusGap's logW). */
        LOG_W(CsegNative.CSEG_KSEL_LOG_W),
        /** Gap: mean log W_k of the reference sets minus log W_k. */
        GAP(CsegNative.CSEG_KSEL_GAP),
        /** Simulation standard error of the gap (clusGap's SE.sim). */
        GAP_SE(CsegNative.CSEG_KSEL_GAP_SE),
        /** Customers in the smallest segment. */
        MIN_SIZE(CsegNative.CSEG_KSEL_MIN_SIZE),
        /** Mean adjusted Rand index over the bootstrap replicates. */
        STABILITY(CsegNative.CSEG_KSEL_STABILITY),
        /** Mixture BIC (lower is better). */
        BIC(CsegNative.CSEG_KSEL_BIC),
        /** Mixture ICL (lower is better). */
        ICL(CsegNative.CSEG_KSEL_ICL);

        final int code;

        Column(int code) {
            this.code = code;
        }
    }

    /**
     * Settings of a k selection; each is checked by the C library when
     * {@link #build()} runs, whose {@link CsegException} names it and gives
     * its bounds. Unset values keep the library's defaults.
     */
    public static final class Builder {
        private final Long[] ints = new Long[CsegNative.CSEG_KSELECT_CRITERION + 1];
        private Double gapSeFactor;

        private Builder() {
        }

        private Builder set(int key, long value) {
            ints[key] = value;
            return this;
        }

        /**
         * Smallest k tried (default 1).
         *
         * @param kMin 1 or more
         * @return this builder
         */
        public Builder kMin(int kMin) {
            return set(CsegNative.CSEG_KSELECT_K_MIN, kMin);
        }

        /**
         * Largest k tried (default 10); the data need more rows than this.
         *
         * @param kMax kMin or more
         * @return this builder
         */
        public Builder kMax(int kMax) {
            return set(CsegNative.CSEG_KSELECT_K_MAX, kMax);
        }

        /**
         * Largest k the business can act on (default 0: no limit).
         *
         * @param maxSegments 0 or more
         * @return this builder
         */
        public Builder maxSegments(int maxSegments) {
            return set(CsegNative.CSEG_KSELECT_MAX_SEGMENTS, maxSegments);
        }

        /**
         * Smallest acceptable segment, in customers (default 0).
         *
         * @param minSize 0 or more
         * @return this builder
         */
        public Builder minSize(long minSize) {
            return set(CsegNative.CSEG_KSELECT_MIN_SIZE, minSize);
        }

        /**
         * Seed of every random step (default 0).
         *
         * @param seed 0 or more
         * @return this builder
         */
        public Builder seed(long seed) {
            return set(CsegNative.CSEG_KSELECT_SEED, seed);
        }

        /**
         * k-means restarts per k (default 4).
         *
         * @param nInit 1 or more
         * @return this builder
         */
        public Builder nInit(int nInit) {
            return set(CsegNative.CSEG_KSELECT_N_INIT, nInit);
        }

        /**
         * Uniform reference sets of the gap statistic (default 20; clusGap's
         * B defaults to 100); 0 skips the gap.
         *
         * @param gapB 0 or more
         * @return this builder
         */
        public Builder gapB(int gapB) {
            return set(CsegNative.CSEG_KSELECT_GAP_B, gapB);
        }

        /**
         * The gap rule (default {@link GapRule#FIRST_SE_MAX}).
         *
         * @param rule the rule
         * @return this builder
         */
        public Builder gapRule(GapRule rule) {
            return set(CsegNative.CSEG_KSELECT_GAP_RULE, Objects.requireNonNull(rule, "rule").code);
        }

        /**
         * Space of the reference sets (default {@link GapSpace#SCALED_PCA}).
         *
         * @param space the space
         * @return this builder
         */
        public Builder gapSpace(GapSpace space) {
            return set(CsegNative.CSEG_KSELECT_GAP_SPACE, Objects.requireNonNull(space, "space").code);
        }

        /**
         * Power of the distances in W_k (default 2: half the within sum of
         * squares, O(n d); 1 is clusGap's default, quadratic in segment sizes).
         *
         * @param dPower 1 or 2
         * @return this builder
         */
        public Builder gapDPower(int dPower) {
            return set(CsegNative.CSEG_KSELECT_GAP_D_POWER, dPower);
        }

        /**
         * Multiple of the standard error in the gap rules (default 1).
         *
         * @param factor finite, 0 or more
         * @return this builder
         */
        public Builder gapSeFactor(double factor) {
            this.gapSeFactor = factor;
            return this;
        }

        /**
         * Rows of the sampled silhouette (default 5000; 0 for all rows, exact).
         *
         * @param rows 0 or more
         * @return this builder
         */
        public Builder silhouetteSample(long rows) {
            return set(CsegNative.CSEG_KSELECT_SILHOUETTE_SAMPLE, rows);
        }

        /**
         * Bootstrap replicates of the stability column (default 10; 0 for none).
         *
         * @param b 0 or more
         * @return this builder
         */
        public Builder bootstrapB(int b) {
            return set(CsegNative.CSEG_KSELECT_BOOTSTRAP_B, b);
        }

        /**
         * Also fit full-covariance Gaussian mixtures for BIC and ICL (default false).
         *
         * @param on whether to fit them
         * @return this builder
         */
        public Builder mixtures(boolean on) {
            return set(CsegNative.CSEG_KSELECT_MIXTURES, on ? 1 : 0);
        }

        /**
         * Criterion of the recommendation (default {@link Criterion#SILHOUETTE}).
         *
         * @param criterion the criterion
         * @return this builder
         */
        public Builder criterion(Criterion criterion) {
            return set(CsegNative.CSEG_KSELECT_CRITERION, Objects.requireNonNull(criterion, "criterion").code);
        }

        /**
         * Checks the settings.
         *
         * @return the k selection
         * @throws CsegException ({@link Status#INVALID_ARG}) for a setting out of bounds
         */
        public KSelect build() {
            KSelect ks = new KSelect(ints.clone(), gapSeFactor);
            long h = ks.newHandle();
            CsegNative.kselect_free(h);
            return ks;
        }
    }

    /** The table of a run and the choices made from it. */
    public static final class Result {
        private final double[][] columns;
        private final int recommendedK;
        private final int elbowK;
        private final int gapK;
        private final Criterion criterion;

        private Result(double[][] columns, int recommendedK, int elbowK, int gapK, Criterion criterion) {
            this.columns = columns;
            this.recommendedK = recommendedK;
            this.elbowK = elbowK;
            this.gapK = gapK;
            this.criterion = criterion;
        }

        /**
         * Rows of the table, kMax - kMin + 1.
         *
         * @return row count
         */
        public int nRows() {
            return columns[0].length;
        }

        /**
         * One column of the table (a copy).
         *
         * @param column the column
         * @return one value per k, NaN where not computed
         */
        public double[] column(Column column) {
            return columns[Objects.requireNonNull(column, "column").ordinal()].clone();
        }

        /**
         * The values of k, kMin..kMax.
         *
         * @return one k per row
         */
        public int[] k() {
            double[] k = columns[Column.K.ordinal()];
            int[] out = new int[k.length];
            for (int i = 0; i < k.length; i++) {
                out[i] = (int) k[i];
            }
            return out;
        }

        /**
         * Inertia (within sum of squares) per k.
         *
         * @return one value per k
         */
        public double[] inertia() {
            return column(Column.INERTIA);
        }

        /**
         * Mean silhouette per k (NaN for k = 1).
         *
         * @return one value per k
         */
        public double[] silhouette() {
            return column(Column.SILHOUETTE);
        }

        /**
         * Calinski-Harabasz index per k (NaN for k = 1).
         *
         * @return one value per k
         */
        public double[] calinskiHarabasz() {
            return column(Column.CALINSKI);
        }

        /**
         * Davies-Bouldin index per k (NaN for k = 1).
         *
         * @return one value per k
         */
        public double[] daviesBouldin() {
            return column(Column.DAVIES);
        }

        /**
         * log W_k per k (clusGap's logW).
         *
         * @return one value per k
         */
        public double[] logW() {
            return column(Column.LOG_W);
        }

        /**
         * Gap statistic per k (NaN without the gap).
         *
         * @return one value per k
         */
        public double[] gap() {
            return column(Column.GAP);
        }

        /**
         * Standard error of the gap per k (clusGap's SE.sim).
         *
         * @return one value per k
         */
        public double[] gapSe() {
            return column(Column.GAP_SE);
        }

        /**
         * Customers in the smallest segment per k.
         *
         * @return one value per k
         */
        public double[] minSize() {
            return column(Column.MIN_SIZE);
        }

        /**
         * Bootstrap stability per k (NaN without replicates).
         *
         * @return one value per k
         */
        public double[] stability() {
            return column(Column.STABILITY);
        }

        /**
         * Mixture BIC per k (NaN without mixtures).
         *
         * @return one value per k
         */
        public double[] bic() {
            return column(Column.BIC);
        }

        /**
         * Mixture ICL per k (NaN without mixtures).
         *
         * @return one value per k
         */
        public double[] icl() {
            return column(Column.ICL);
        }

        /**
         * The best k by the criterion among those within maxSegments and minSize.
         *
         * @return k, or 0 when no k satisfies the limits
         */
        public int recommendedK() {
            return recommendedK;
        }

        /**
         * The knee of the inertia curve (the limits ignored).
         *
         * @return k, or 0 with fewer than 3 values of k or no knee
         */
        public int elbowK() {
            return elbowK;
        }

        /**
         * The k of the gap rule (the limits ignored).
         *
         * @return k, or 0 when the gap was not computed
         */
        public int gapK() {
            return gapK;
        }

        /**
         * The criterion of {@link #recommendedK()}.
         *
         * @return the criterion
         */
        public Criterion criterion() {
            return criterion;
        }

        @Override
        public String toString() {
            return "KSelect.Result[k " + Arrays.toString(k()) + ", recommended " + recommendedK
                + " (" + criterion + "), elbow " + elbowK + ", gap " + gapK + "]";
        }
    }

    private final Long[] ints;
    private final Double gapSeFactor;

    private KSelect(Long[] ints, Double gapSeFactor) {
        this.ints = ints;
        this.gapSeFactor = gapSeFactor;
    }

    /**
     * A builder with the library's defaults (k = 1..10, silhouette criterion).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /* A native handle with the settings applied; freed by the caller. */
    private long newHandle() {
        long h = CsegNative.kselect_new();
        try {
            for (int key = 0; key < ints.length; key++) {
                if (ints[key] != null) {
                    CsegNative.kselect_set_int(h, key, ints[key]);
                }
            }
            if (gapSeFactor != null) {
                CsegNative.kselect_set_double(h, CsegNative.CSEG_KSELECT_GAP_SE_FACTOR, gapSeFactor);
            }
        } catch (RuntimeException e) {
            CsegNative.kselect_free(h);
            throw e;
        }
        return h;
    }

    /**
     * Fits every k and computes the table.
     *
     * @param data dataset without missing values, more than kMax rows
     * @return the table and the choices
     * @throws CsegException ({@link Status#INVALID_ARG}) kMin &gt; kMax, too few rows,
     *         or a criterion whose column is not computed;
     *         {@link Status#MISSING_VALUES}
     */
    public Result run(Dataset data) {
        Objects.requireNonNull(data, "data");
        long h = newHandle();
        try {
            long p = data.handle.acquire();
            try {
                CsegNative.kselect_run(h, p);
            } finally {
                data.handle.release();
            }
            int n = (int) CsegNative.kselect_n_rows(h);
            Column[] all = Column.values();
            double[][] cols = new double[all.length][];
            for (Column c : all) {
                cols[c.ordinal()] = new double[n];
                CsegNative.kselect_get_column(h, c.code, cols[c.ordinal()]);
            }
            int rec = (int) CsegNative.kselect_get_int(h, CsegNative.CSEG_KSELECT_RECOMMENDED_K);
            int elbow = (int) CsegNative.kselect_get_int(h, CsegNative.CSEG_KSELECT_ELBOW_K);
            int gap = (int) CsegNative.kselect_get_int(h, CsegNative.CSEG_KSELECT_GAP_K);
            int crit = (int) CsegNative.kselect_get_int(h, CsegNative.CSEG_KSELECT_CRITERION);
            Criterion criterion = Criterion.SILHOUETTE;
            for (Criterion c : Criterion.values()) {
                if (c.code == crit) {
                    criterion = c;
                }
            }
            return new Result(cols, rec, elbow, gap, criterion);
        } finally {
            CsegNative.kselect_free(h);
        }
    }

    /**
     * Chooses k from gap values and their standard errors, as R's {@code cluster::maxSE}.
     *
     * @param gap      gap values for consecutive k (finite)
     * @param se       their standard errors (finite, 0 or more), as many
     * @param rule     the rule
     * @param seFactor multiple of the standard error, 0 or more
     * @return 0-based index of the chosen k ({@code maxSE} is 1-based)
     * @throws CsegException ({@link Status#INVALID_ARG}) for empty or unequal arrays or bad values
     */
    public static int gapChoose(double[] gap, double[] se, GapRule rule, double seFactor) {
        Objects.requireNonNull(gap, "gap");
        Objects.requireNonNull(se, "se");
        return (int) CsegNative.bind_gap_choose(gap, se, Objects.requireNonNull(rule, "rule").code, seFactor);
    }

    /**
     * Knee of a decreasing convex curve such as inertia against k (Kneedle,
     * Satopaa et al. 2011): the point farthest below the chord once both axes
     * are scaled to [0, 1].
     *
     * @param x at least 3 increasing abscissae
     * @param y as many finite ordinates
     * @return 0-based index of the knee, or -1 when no point lies below the chord
     * @throws CsegException ({@link Status#INVALID_ARG}) for fewer than 3 points,
     *         unequal lengths or bad values
     */
    public static int knee(double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        return (int) CsegNative.bind_knee(x, y);
    }

    /**
     * Adjusted Rand index of two partitions of the same customers, as
     * {@code sklearn.metrics.adjusted_rand_score}: 1 for identical partitions
     * (whatever the label values), about 0 for independent ones.
     *
     * @param a one label per customer (any int is a label)
     * @param b another labelling, as long
     * @return the index, in [-1, 1]
     * @throws CsegException ({@link Status#INVALID_ARG}) for empty or unequal arrays
     */
    public static double adjustedRand(int[] a, int[] b) {
        long[] la = Arrays2.toLong(Objects.requireNonNull(a, "a"));
        long[] lb = Arrays2.toLong(Objects.requireNonNull(b, "b"));
        return CsegNative.bind_adjusted_rand(lb, la);
    }
}
