package org.cseg;

/**
 * A cseg call failed. Unchecked: every failing call of the C library raises
 * it, with the library's own message (which names the offending argument,
 * row, column or file position).
 */
public class CsegException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The {@code cseg_status} value. */
    private final int statusCode;

    /**
     * Creates the exception; the native layer calls this constructor.
     *
     * @param status  the {@code cseg_status} value
     * @param message the message of {@code cseg_last_error()}
     */
    public CsegException(int status, String message) {
        super(message);
        this.statusCode = status;
    }

    /**
     * What went wrong, as an enum.
     *
     * @return the status; {@link Status#UNKNOWN} for a code newer than this binding
     */
    public Status getStatus() {
        return Status.fromCode(statusCode);
    }

    /**
     * What went wrong, as the C library's number.
     *
     * @return the {@code cseg_status} value
     */
    public int getStatusCode() {
        return statusCode;
    }

    @Override
    public String toString() {
        return getClass().getName() + " (" + getStatus() + "): " + getMessage();
    }
}
