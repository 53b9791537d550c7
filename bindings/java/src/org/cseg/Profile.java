package org.cseg;

import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * Profile of a segmentation (k-means, rules, RFM, a column) of a dataset:
 * per segment its size and share, the mean, median and sample standard
 * deviation of every feature, an index against the population (segment mean /
 * population mean * 100), the standardised mean difference (SMD) that ranks
 * the most distinguishing features, and a short descriptive name such as
 * "Recent high-spend frequent" or "High Milk, low Fresh".
 *
 * <pre>{@code
 * try (Profile p = Profile.of(ds, labels, 6)) {
 *     double[][] means = p.mean();            // segment x feature
 *     int[] top = p.ranking(0);               // features of segment 0 by |SMD|
 *     p.rename(0, "Cafés");
 * }
 * }</pre>
 *
 * <p>Missing values are skipped feature by feature; a segment without rows
 * has size 0 and NaN statistics. The profile keeps no reference to the
 * dataset. Close it (try-with-resources) to free the native memory at once; a
 * forgotten profile is freed after garbage collection. Reads may run from any
 * number of threads; {@link #rename} is serialised with the name getters.
 */
public final class Profile implements AutoCloseable {
    /** Per-feature statistics. */
    public enum Stat {
        /** Mean of the non-missing values. */
        MEAN(CsegNative.CSEG_PROFILE_MEAN),
        /** Median (mean of the two middle values for even counts). */
        MEDIAN(CsegNative.CSEG_PROFILE_MEDIAN),
        /** Sample standard deviation (n - 1 denominator; NaN with fewer than 2 values). */
        STD(CsegNative.CSEG_PROFILE_STD),
        /** Segment mean / population mean * 100 (NaN when the population mean is 0). */
        INDEX(CsegNative.CSEG_PROFILE_INDEX),
        /** (Segment mean - population mean) / population std (0 when that std is 0). */
        SMD(CsegNative.CSEG_PROFILE_SMD);

        final int code;

        Stat(int code) {
            this.code = code;
        }
    }

    /** |SMD| from which a feature is called high or low in automatic names. */
    public static final double NOTABLE_SMD = CsegNative.CSEG_PROFILE_NOTABLE_SMD;

    private final NativeHandle handle;
    private final int k;
    private final int d;

    private Profile(long ptr) {
        this.handle = new NativeHandle(this, ptr, CsegNative::profile_free, "Profile");
        this.k = (int) CsegNative.profile_n_segments(ptr);
        this.d = (int) CsegNative.profile_n_features(ptr);
    }

    /**
     * Profiles a segmentation.
     *
     * @param data   dataset
     * @param labels segment of each row, 0..k-1
     * @param k      number of segments, 1..rows (segments may be empty)
     * @return the profile, to be closed
     * @throws CsegException ({@link Status#INVALID_ARG}) for a label count other
     *         than the rows, k out of range or a label outside 0..k-1 (the
     *         message names the row)
     */
    public static Profile of(Dataset data, long[] labels, int k) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(labels, "labels");
        long p = data.handle.acquire();
        try {
            return new Profile(CsegNative.profile_new(p, labels, k));
        } finally {
            data.handle.release();
        }
    }

    /**
     * Profiles a segmentation given as Java ints (e.g. {@link Assignment#labels()}).
     *
     * @param data   dataset
     * @param labels segment of each row, 0..k-1
     * @param k      number of segments
     * @return the profile, to be closed
     * @throws CsegException as {@link #of(Dataset, long[], int)}
     */
    public static Profile of(Dataset data, int[] labels, int k) {
        return of(data, Arrays2.toLong(Objects.requireNonNull(labels, "labels")), k);
    }

    /**
     * Number of segments.
     *
     * @return k
     */
    public int nSegments() {
        return k;
    }

    /**
     * Number of features.
     *
     * @return the dataset's columns
     */
    public int nFeatures() {
        return d;
    }

    /**
     * Names of the features (the dataset's column names).
     *
     * @return nFeatures() names
     */
    public String[] featureNames() {
        return handle.strings(d, CsegNative::profile_feature_name);
    }

    /**
     * Rows per segment.
     *
     * @return k sizes
     */
    public long[] sizes() {
        long[] out = new long[k];
        handle.run(p -> CsegNative.profile_get_sizes(p, out));
        return out;
    }

    /**
     * Share of the rows per segment (summing to 1).
     *
     * @return k shares
     */
    public double[] shares() {
        double[] out = new double[k];
        handle.run(p -> CsegNative.profile_get_shares(p, out));
        return out;
    }

    /**
     * One statistic for every segment and feature.
     *
     * @param stat the statistic
     * @return k arrays of nFeatures() values
     */
    public double[][] stat(Stat stat) {
        Objects.requireNonNull(stat, "stat");
        double[] flat = new double[k * d];
        handle.run(p -> CsegNative.profile_get_stat(p, stat.code, flat));
        return Arrays2.unflatten(flat, k, d);
    }

    /**
     * Segment means, segment x feature.
     *
     * @return k arrays of nFeatures() values
     */
    public double[][] mean() {
        return stat(Stat.MEAN);
    }

    /**
     * Segment medians, segment x feature.
     *
     * @return k arrays of nFeatures() values
     */
    public double[][] median() {
        return stat(Stat.MEDIAN);
    }

    /**
     * Segment sample standard deviations, segment x feature.
     *
     * @return k arrays of nFeatures() values
     */
    public double[][] std() {
        return stat(Stat.STD);
    }

    /**
     * Index against the population (100 = average), segment x feature.
     *
     * @return k arrays of nFeatures() values
     */
    public double[][] index() {
        return stat(Stat.INDEX);
    }

    /**
     * Standardised mean differences, segment x feature.
     *
     * @return k arrays of nFeatures() values
     */
    public double[][] smd() {
        return stat(Stat.SMD);
    }

    /**
     * One statistic of the whole population per feature (index 100 and SMD 0
     * by definition).
     *
     * @param stat the statistic
     * @return nFeatures() values
     */
    public double[] population(Stat stat) {
        Objects.requireNonNull(stat, "stat");
        double[] out = new double[d];
        handle.run(p -> CsegNative.profile_get_population(p, stat.code, out));
        return out;
    }

    /**
     * Features of one segment ranked by |SMD|, largest first (ties by column
     * order, NaN last).
     *
     * @param segment 0..k-1
     * @return nFeatures() feature indices
     * @throws IndexOutOfBoundsException for a segment out of range
     */
    public int[] ranking(int segment) {
        Objects.checkIndex(segment, k);
        long[] out = new long[d];
        handle.run(p -> CsegNative.profile_get_ranking(p, segment, out));
        return Arrays2.toInt(out);
    }

    /**
     * Name of one segment (automatic until renamed).
     *
     * @param segment 0..k-1
     * @return the name
     * @throws IndexOutOfBoundsException for a segment out of range
     */
    public String segmentName(int segment) {
        Objects.checkIndex(segment, k);
        long p = handle.acquire();
        try {
            synchronized (this) {
                return CsegNative.profile_segment_name(p, segment);
            }
        } finally {
            handle.release();
        }
    }

    /**
     * Names of all segments.
     *
     * @return k names, unique
     */
    public String[] segmentNames() {
        String[] out = new String[k];
        long p = handle.acquire();
        try {
            synchronized (this) {
                for (int s = 0; s < k; s++) {
                    out[s] = CsegNative.profile_segment_name(p, s);
                }
            }
        } finally {
            handle.release();
        }
        return out;
    }

    /**
     * Renames one segment.
     *
     * @param segment 0..k-1
     * @param name    1..256 UTF-8 bytes, different from every other segment's name
     * @return this profile
     * @throws IndexOutOfBoundsException for a segment out of range
     * @throws CsegException ({@link Status#INVALID_ARG}) for an empty, too long or duplicate name
     */
    public Profile rename(int segment, String name) {
        Objects.checkIndex(segment, k);
        Objects.requireNonNull(name, "name");
        long p = handle.acquire();
        try {
            synchronized (this) {
                CsegNative.profile_set_segment_name(p, segment, name);
            }
        } finally {
            handle.release();
        }
        return this;
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /** Frees the native profile. Idempotent; later use throws IllegalStateException. */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return "Profile[" + k + " segments, " + d + " features" + (isClosed() ? ", closed]" : "]");
    }
}
