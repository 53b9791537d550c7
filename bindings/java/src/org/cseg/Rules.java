package org.cseg;

import java.util.Objects;

import org.cseg.internal.CsegNative;

/**
 * A parsed rule set: rule-based segments, or hybrid ones that override and
 * refine cluster labels. One rule per line (or separated by {@code ;}),
 * first match wins:
 *
 * <pre>{@code
 * try (Rules rules = Rules.parse("monetary > 1000 and recency < 30 -> \"VIP\"\n"
 *         + "cluster == 2 and monetary < 50 -> \"Bargain hunters\"")) {
 *     RulesResult r = rules.apply(ds, labels);
 *     System.out.println(r.nUnmatched() + " customers kept their cluster");
 * }
 * }</pre>
 *
 * <p>Conditions compare sums and products of columns and numbers
 * ({@code < <= > >= == !=}), combine them with {@code and}, {@code or},
 * {@code not}, and test {@code x is missing}; any comparison with a missing
 * value is false. Columns are resolved by exact name when the rules are
 * applied; {@code cluster} or {@code segment} names the cluster labels given
 * to {@link #apply(Dataset, long[])}.
 *
 * <p>Close it (try-with-resources) to free the native memory at once; a
 * forgotten rule set is freed after garbage collection. {@link #apply} and
 * {@link #setFallbackName} are serialised per object, so one rule set may be
 * shared between threads.
 */
public final class Rules implements AutoCloseable {
    /** Deepest nesting of parentheses, {@code not} and unary minus the parser accepts. */
    public static final int MAX_NESTING = CsegNative.CSEG_RULES_MAX_NESTING;
    /** Longest segment name, in UTF-8 bytes. */
    public static final int MAX_NAME = CsegNative.CSEG_RULES_MAX_NAME;

    private final NativeHandle handle;
    private final int nRules;

    private Rules(long ptr) {
        this.handle = new NativeHandle(this, ptr, CsegNative::rules_free, "Rules");
        this.nRules = (int) CsegNative.rules_n_rules(ptr);
    }

    /**
     * Parses a rule set. Column names are checked later, by {@link #apply}.
     *
     * @param text the rules; an empty text (or only comments) is a set of zero rules
     * @return the rule set, to be closed
     * @throws CsegException ({@link Status#FORMAT}) for a syntax error, with a
     *         message such as "line 2, column 14: expected a comparison operator
     *         after 'monetary'"
     */
    public static Rules parse(String text) {
        return new Rules(CsegNative.rules_parse(Objects.requireNonNull(text, "text")));
    }

    /**
     * Number of rules.
     *
     * @return 0 or more
     */
    public int nRules() {
        return nRules;
    }

    /**
     * Segment name that one rule assigns.
     *
     * @param rule 0-based, in text order
     * @return the name
     * @throws IndexOutOfBoundsException for a rule out of range
     */
    public String ruleName(int rule) {
        Objects.checkIndex(rule, nRules);
        return handle.call(p -> CsegNative.rules_rule_name(p, rule));
    }

    /**
     * Segment names of all rules, in text order (two rules may share one).
     *
     * @return nRules() names
     */
    public String[] ruleNames() {
        return handle.strings(nRules, CsegNative::rules_rule_name);
    }

    /**
     * Line of the text on which one rule starts.
     *
     * @param rule 0-based
     * @return the line, 1-based
     * @throws IndexOutOfBoundsException for a rule out of range
     */
    public int ruleLine(int rule) {
        Objects.checkIndex(rule, nRules);
        return handle.call(p -> (int) CsegNative.rules_rule_line(p, rule));
    }

    /**
     * Names the segment of customers no rule matches (default "Unclassified";
     * unused in hybrid mode, where they keep their cluster).
     *
     * @param name 1..{@link #MAX_NAME} bytes
     * @return this rule set
     * @throws CsegException ({@link Status#INVALID_ARG}) for an empty or too long name
     */
    public Rules setFallbackName(String name) {
        Objects.requireNonNull(name, "name");
        long p = handle.acquire();
        try {
            synchronized (this) {
                CsegNative.rules_set_fallback_name(p, name);
            }
        } finally {
            handle.release();
        }
        return this;
    }

    /**
     * Evaluates the rules on every customer; unmatched customers get the
     * fallback segment.
     *
     * @param data dataset; may contain missing values
     * @return the segments and rule statistics
     * @throws CsegException ({@link Status#INVALID_ARG}) for a column the
     *         dataset lacks (the message gives its line and column and lists
     *         the dataset's columns)
     */
    public RulesResult apply(Dataset data) {
        return apply(data, (long[]) null);
    }

    /**
     * Evaluates the rules in hybrid mode: unmatched customers keep their
     * cluster, segment "Cluster &lt;label&gt;".
     *
     * @param data     dataset; may contain missing values
     * @param clusters one label (0 or more) per row, or null for plain rules
     * @return the segments and rule statistics
     * @throws CsegException ({@link Status#INVALID_ARG}) for a label count other
     *         than the rows, a negative label, or an unknown column
     */
    public RulesResult apply(Dataset data, long[] clusters) {
        Objects.requireNonNull(data, "data");
        long p = handle.acquire();
        try {
            long d = data.handle.acquire();
            try {
                synchronized (this) {
                    CsegNative.rules_apply(p, d, clusters);
                    return collect(p);
                }
            } finally {
                data.handle.release();
            }
        } finally {
            handle.release();
        }
    }

    /**
     * Evaluates the rules in hybrid mode, labels as Java ints.
     *
     * @param data     dataset
     * @param clusters one label per row
     * @return the segments and rule statistics
     * @throws CsegException as {@link #apply(Dataset, long[])}
     */
    public RulesResult apply(Dataset data, int[] clusters) {
        return apply(data, Arrays2.toLong(Objects.requireNonNull(clusters, "clusters")));
    }

    /* Copies every result of the application just made (under the lock). */
    private RulesResult collect(long p) {
        int n = (int) CsegNative.rules_get_int(p, CsegNative.CSEG_RULES_RESULT_N_ROWS);
        long[] buf = new long[n];
        CsegNative.rules_get_segments(p, buf);
        int[] seg = Arrays2.toInt(buf);
        CsegNative.rules_get_matched_rule(p, buf);
        int[] matched = Arrays2.toInt(buf);
        CsegNative.rules_get_n_matching(p, buf);
        int[] nMatching = Arrays2.toInt(buf);
        long[] counts = new long[nRules];
        long[] hits = new long[nRules];
        CsegNative.rules_get_rule_counts(p, counts);
        CsegNative.rules_get_rule_hits(p, hits);
        int k = (int) CsegNative.rules_n_segments(p);
        String[] names = new String[k];
        for (int s = 0; s < k; s++) {
            names[s] = CsegNative.rules_segment_name(p, s);
        }
        return new RulesResult(seg, names, matched, nMatching, counts, hits,
            CsegNative.rules_get_int(p, CsegNative.CSEG_RULES_RESULT_N_OVERLAPPING),
            CsegNative.rules_get_int(p, CsegNative.CSEG_RULES_RESULT_N_UNMATCHED),
            CsegNative.rules_get_int(p, CsegNative.CSEG_RULES_RESULT_HYBRID) != 0);
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /** Frees the native rule set. Idempotent; later use throws IllegalStateException. */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return "Rules[" + nRules + " rules" + (isClosed() ? ", closed]" : "]");
    }
}
