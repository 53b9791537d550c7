package org.cseg;

/**
 * Status codes of the C library ({@code cseg_status}), carried by {@link CsegException}.
 *
 * <p>The numbers are frozen by the C API (never renumbered), so a code this
 * version does not know maps to {@link #UNKNOWN}.
 */
public enum Status {
    /** Success (never thrown). */
    OK(0),
    /** An argument is null, out of range or inconsistent. */
    INVALID_ARG(1),
    /** Memory allocation failed or the request would not fit. */
    NOMEM(2),
    /** A file could not be opened, read, written or renamed. */
    IO(3),
    /** Malformed input: CSV syntax, corrupt or truncated model file. */
    FORMAT(4),
    /** Unknown parameter, wrong type, or a feature the model lacks. */
    UNSUPPORTED(5),
    /** The model has not been fitted (or loaded) yet. */
    NOT_FITTED(6),
    /** Data holds missing values (NaN) and no policy allows them. */
    MISSING_VALUES(7),
    /** A progress callback asked to stop. */
    CANCELLED(8),
    /** A file written by a newer, incompatible format version. */
    VERSION(9),
    /** An optimiser failed to converge where that is fatal. */
    NOT_CONVERGED(10),
    /** A bug in cseg: please report it. */
    INTERNAL(11),
    /** A code newer than this binding. */
    UNKNOWN(-1);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    /**
     * The C value of this status.
     *
     * @return the {@code cseg_status} number, -1 for {@link #UNKNOWN}
     */
    public int code() {
        return code;
    }

    /**
     * The status with a given C value.
     *
     * @param code a {@code cseg_status} number
     * @return the matching status, or {@link #UNKNOWN}
     */
    public static Status fromCode(int code) {
        for (Status s : values()) {
            if (s.code == code && s != UNKNOWN) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
