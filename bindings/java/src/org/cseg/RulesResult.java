package org.cseg;

/**
 * The result of {@link Rules#apply}: each customer's segment and winning
 * rule, and per-rule statistics to spot overlapping or dead rules. Plain Java
 * arrays; every getter returns a fresh copy.
 */
public final class RulesResult {
    private final int[] segmentIndices;
    private final String[] segmentNames;
    private final int[] matchedRule;
    private final int[] nMatching;
    private final long[] ruleCounts;
    private final long[] ruleHits;
    private final long nOverlapping;
    private final long nUnmatched;
    private final boolean hybrid;

    RulesResult(int[] segmentIndices, String[] segmentNames, int[] matchedRule, int[] nMatching,
            long[] ruleCounts, long[] ruleHits, long nOverlapping, long nUnmatched, boolean hybrid) {
        this.segmentIndices = segmentIndices;
        this.segmentNames = segmentNames;
        this.matchedRule = matchedRule;
        this.nMatching = nMatching;
        this.ruleCounts = ruleCounts;
        this.ruleHits = ruleHits;
        this.nOverlapping = nOverlapping;
        this.nUnmatched = nUnmatched;
        this.hybrid = hybrid;
    }

    /**
     * Number of customers.
     *
     * @return rows evaluated
     */
    public int size() {
        return segmentIndices.length;
    }

    /**
     * Segment of each customer, as an index into {@link #segmentNames()}.
     *
     * @return size() indices
     */
    public int[] segmentIndices() {
        return segmentIndices.clone();
    }

    /**
     * Segment name of each customer.
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
     * Names of the segments: the distinct rule names in order of first
     * appearance, then the fallback segment, or in hybrid mode one
     * "Cluster &lt;label&gt;" per label 0..max label.
     *
     * @return the names
     */
    public String[] segmentNames() {
        return segmentNames.clone();
    }

    /**
     * Winning rule of each customer (first match, 0-based), -1 when none matched.
     *
     * @return size() rule indices
     */
    public int[] matchedRule() {
        return matchedRule.clone();
    }

    /**
     * How many rules matched each customer (more than 1 flags an overlap).
     *
     * @return size() counts
     */
    public int[] nMatching() {
        return nMatching.clone();
    }

    /**
     * Customers each rule won (first match).
     *
     * @return one count per rule
     */
    public long[] ruleCounts() {
        return ruleCounts.clone();
    }

    /**
     * Customers whose condition each rule found true, won or not.
     *
     * @return one count per rule
     */
    public long[] ruleHits() {
        return ruleHits.clone();
    }

    /**
     * Rules that matched nobody.
     *
     * @return their indices, ascending
     */
    public int[] unusedRules() {
        int n = 0;
        for (long h : ruleHits) {
            if (h == 0) {
                n++;
            }
        }
        int[] out = new int[n];
        n = 0;
        for (int r = 0; r < ruleHits.length; r++) {
            if (ruleHits[r] == 0) {
                out[n++] = r;
            }
        }
        return out;
    }

    /**
     * Customers matched by more than one rule.
     *
     * @return the count
     */
    public long nOverlapping() {
        return nOverlapping;
    }

    /**
     * Customers no rule matched (fallback segment, or kept cluster in hybrid mode).
     *
     * @return the count
     */
    public long nUnmatched() {
        return nUnmatched;
    }

    /**
     * Whether cluster labels were given.
     *
     * @return true in hybrid mode
     */
    public boolean isHybrid() {
        return hybrid;
    }

    @Override
    public String toString() {
        return "RulesResult[" + size() + " customers, " + segmentNames.length + " segments, "
            + nUnmatched + " unmatched, " + nOverlapping + " overlapping]";
    }
}
