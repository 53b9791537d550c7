package org.cseg;

import java.util.Objects;

/**
 * The result of {@link Rfm#compute}: plain Java arrays, one value per
 * customer in input order. Every getter returns a fresh copy.
 */
public final class RfmResult {
    private final int nBins;
    private final int[][] scores;
    private final int[] cells;
    private final int[] segmentIndices;
    private final String[] segmentNames;
    private final long[] segmentSizes;
    private final double[][] cuts;

    RfmResult(int nBins, int[][] scores, int[] cells, int[] segmentIndices, String[] segmentNames,
            long[] segmentSizes, double[][] cuts) {
        this.nBins = nBins;
        this.scores = scores;
        this.cells = cells;
        this.segmentIndices = segmentIndices;
        this.segmentNames = segmentNames;
        this.segmentSizes = segmentSizes;
        this.cuts = cuts;
    }

    /**
     * Number of customers.
     *
     * @return rows scored
     */
    public int size() {
        return cells.length;
    }

    /**
     * Scores per dimension of this computation.
     *
     * @return 2..10
     */
    public int nBins() {
        return nBins;
    }

    /**
     * Scores of one dimension, 1..nBins, higher is better (recency included).
     *
     * @param dim the dimension
     * @return size() scores
     */
    public int[] scores(Rfm.Dimension dim) {
        return scores[Objects.requireNonNull(dim, "dim").code].clone();
    }

    /**
     * Recency scores (the most recent customers score nBins).
     *
     * @return size() scores
     */
    public int[] rScores() {
        return scores(Rfm.Dimension.RECENCY);
    }

    /**
     * Frequency scores.
     *
     * @return size() scores
     */
    public int[] fScores() {
        return scores(Rfm.Dimension.FREQUENCY);
    }

    /**
     * Monetary scores.
     *
     * @return size() scores
     */
    public int[] mScores() {
        return scores(Rfm.Dimension.MONETARY);
    }

    /**
     * Cells: R * 100 + F * 10 + M, or R * 10000 + F * 100 + M with 10 bins.
     *
     * @return size() cells
     */
    public int[] cells() {
        return cells.clone();
    }

    /**
     * Cut points of one dimension: nBins - 1 values, the largest value of
     * each bin but the last (bin b holds c_{b-1} &lt; v &lt;= c_b), in the
     * dimension's own units.
     *
     * @param dim the dimension
     * @return nBins - 1 cut points
     */
    public double[] cuts(Rfm.Dimension dim) {
        return cuts[Objects.requireNonNull(dim, "dim").code].clone();
    }

    /**
     * Named segment of each customer, as an index into {@link #segmentNames()}.
     *
     * @return size() indices
     */
    public int[] segmentIndices() {
        return segmentIndices.clone();
    }

    /**
     * Named segment of each customer.
     *
     * @return size() names
     */
    public String[] segments() {
        String[] out = new String[segmentIndices.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = segmentNames[segmentIndices[i]];
        }
        return out;
    }

    /**
     * Names of the segments: the table's distinct names, then the fallback "Other".
     *
     * @return the names
     */
    public String[] segmentNames() {
        return segmentNames.clone();
    }

    /**
     * Customers per segment, in {@link #segmentNames()} order.
     *
     * @return one count per segment
     */
    public long[] segmentSizes() {
        return segmentSizes.clone();
    }

    @Override
    public String toString() {
        return "RfmResult[" + size() + " customers, " + nBins + " bins, "
            + segmentNames.length + " segments]";
    }
}
