package org.cseg;

/**
 * Reusable holder for one customer's assignment, filled by
 * {@link KMeans#assignOne(double[], AssignResult)} without allocating.
 *
 * <p>Not thread-safe: give each serving thread its own holder.
 */
public final class AssignResult {
    final double[] distance = new double[1];
    final double[] margin = new double[1];
    int label = -1;

    /** Creates an empty holder (label -1 until filled). */
    public AssignResult() {
    }

    /**
     * Segment of the customer.
     *
     * @return 0-based label, -1 before the first fill
     */
    public int label() {
        return label;
    }

    /**
     * Euclidean distance to the customer's centroid.
     *
     * @return the distance
     */
    public double distance() {
        return distance[0];
    }

    /**
     * Distance to the second-nearest centroid minus distance to the nearest
     * (0 when k = 1): small margins mark customers between segments.
     *
     * @return the margin, 0 or more
     */
    public double margin() {
        return margin[0];
    }

    @Override
    public String toString() {
        return "AssignResult[label=" + label + ", distance=" + distance[0] + ", margin=" + margin[0] + "]";
    }
}
