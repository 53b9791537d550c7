package org.cseg;

import static org.cseg.SegmentsTestUtil.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

class RulesTest {
    private static final double NA = Double.NaN;

    private static final String TEXT = "# VIPs first: the first rule that matches wins.\n"
        + "monetary > 1000 and recency < 30 -> \"VIP\"\n"
        + "frequency >= 10 or (monetary / frequency) > 200 -> \"Loyal\"\n"
        + "recency is missing -> 'No purchase yet'\n"
        + "monetary < 0 -> \"Refunds\"\n"
        + "not (recency <= 365) -> \"Lapsed\"\n";

    /* The same conditions in Java, with the rule language's missing-value
     * semantics: a comparison involving NaN is false, `not` negates. */
    private static final java.util.List<Predicate<double[]>> CONDS = java.util.List.of(
        c -> c[0] > 1000 && c[1] < 30,
        c -> c[2] >= 10 || c[0] / c[2] > 200,
        c -> Double.isNaN(c[1]),
        c -> c[0] < 0,
        c -> !(c[1] <= 365));
    private static final String[] NAMES = {"VIP", "Loyal", "No purchase yet", "Refunds", "Lapsed"};

    /* monetary, recency, frequency, with missing values. */
    private static double[][] customers(int n, long seed) {
        Random rng = new Random(seed);
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            double m = Math.exp(rng.nextGaussian() * 1.5 + 5);
            double r = rng.nextInt(10) == 0 ? NA : rng.nextInt(700);
            double f = 1 + rng.nextInt(15);
            x[i] = new double[] {m, r, f};
        }
        return x;
    }

    @Test
    void firstMatchWinsAsInJava() {
        double[][] x = customers(2000, 7);
        long baseline = Cseg.liveHandles();
        try (Dataset ds = new Dataset(x).setColumnNames("monetary", "recency", "frequency");
             Rules rules = Rules.parse(TEXT)) {
            assertEquals(5, rules.nRules());
            assertArrayEquals(NAMES, rules.ruleNames());
            assertEquals("Loyal", rules.ruleName(1));
            assertEquals(2, rules.ruleLine(0));
            assertEquals(6, rules.ruleLine(4));
            assertThrows(IndexOutOfBoundsException.class, () -> rules.ruleName(5));
            RulesResult r = rules.apply(ds);
            assertFalse(r.isHybrid());
            assertEquals(x.length, r.size());
            String[] segNames = r.segmentNames();
            assertEquals(6, segNames.length);
            assertEquals("Unclassified", segNames[5]);
            int[] matched = r.matchedRule();
            int[] nMatching = r.nMatching();
            String[] seg = r.segments();
            long[] counts = new long[5];
            long[] hits = new long[5];
            long overlapping = 0;
            long unmatched = 0;
            for (int i = 0; i < x.length; i++) {
                int first = -1;
                int k = 0;
                for (int j = 0; j < 5; j++) {
                    if (CONDS.get(j).test(x[i])) {
                        hits[j]++;
                        k++;
                        if (first < 0) {
                            first = j;
                        }
                    }
                }
                assertEquals(first, matched[i], "customer " + i);
                assertEquals(k, nMatching[i], "customer " + i);
                assertEquals(first < 0 ? "Unclassified" : NAMES[first], seg[i]);
                if (first >= 0) {
                    counts[first]++;
                } else {
                    unmatched++;
                }
                if (k > 1) {
                    overlapping++;
                }
            }
            assertArrayEquals(counts, r.ruleCounts());
            assertArrayEquals(hits, r.ruleHits());
            assertEquals(overlapping, r.nOverlapping());
            assertEquals(unmatched, r.nUnmatched());
            assertTrue(hits[2] > 0 && overlapping > 0 && unmatched > 0, "the data exercise every path");
            assertArrayEquals(new int[] {3}, r.unusedRules()); // no negative spend
            // Fallback name, effective at the next application.
            rules.setFallbackName("Rest");
            RulesResult r2 = rules.apply(ds);
            assertEquals("Rest", r2.segmentNames()[5]);
            expect(Status.INVALID_ARG, () -> rules.setFallbackName(""));
            expect(Status.INVALID_ARG, () -> rules.setFallbackName("x".repeat(Rules.MAX_NAME + 1)));
        }
        assertEquals(baseline, Cseg.liveHandles());
    }

    /* Hybrid mode: rules override and refine clusters; the rest keep theirs. */
    @Test
    void hybridKeepsClusters() {
        double[][] x = customers(500, 8);
        long[] clusters = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            clusters[i] = i % 3;
        }
        try (Dataset ds = new Dataset(x).setColumnNames("monetary", "recency", "frequency");
             Rules rules = Rules.parse("cluster == 2 and monetary < 50 -> \"Bargain\"; monetary > 2000 -> \"Whale\"")) {
            RulesResult r = rules.apply(ds, clusters);
            assertTrue(r.isHybrid());
            assertArrayEquals(new String[] {"Bargain", "Whale", "Cluster 0", "Cluster 1", "Cluster 2"},
                r.segmentNames());
            String[] seg = r.segments();
            long unmatched = 0;
            for (int i = 0; i < x.length; i++) {
                String want = clusters[i] == 2 && x[i][0] < 50 ? "Bargain"
                    : x[i][0] > 2000 ? "Whale" : "Cluster " + clusters[i];
                assertEquals(want, seg[i], "customer " + i);
                if (want.startsWith("Cluster")) {
                    unmatched++;
                }
            }
            assertEquals(unmatched, r.nUnmatched());
            // int labels give the same.
            int[] ic = Arrays2.toInt(clusters);
            assertArrayEquals(seg, rules.apply(ds, ic).segments());
            // Labels: one per row, none negative.
            expect(Status.INVALID_ARG, () -> rules.apply(ds, new long[x.length - 1]), "n_labels");
            long[] neg = clusters.clone();
            neg[17] = -1;
            expect(Status.INVALID_ARG, () -> rules.apply(ds, neg));
        }
    }

    @Test
    void parseErrorsGivePositions() {
        CsegException e = expect(Status.FORMAT,
            () -> Rules.parse("monetary > 10 -> \"A\"\nmonetary 5 -> \"B\""), "line 2, column 10");
        assertTrue(e.getMessage().contains("monetary"), e.getMessage());
        expect(Status.FORMAT, () -> Rules.parse("x > 1 -> \"A\"\n\n  (x > 2 -> \"B\""), "line 3");
        expect(Status.FORMAT, () -> Rules.parse("x > 1 -> unquoted"), "line 1, column");
        expect(Status.FORMAT, () -> Rules.parse("x + 1 -> \"A\""), "line 1");
        String deep = "(".repeat(Rules.MAX_NESTING + 5) + "x > 1" + ")".repeat(Rules.MAX_NESTING + 5) + " -> \"A\"";
        expect(Status.FORMAT, () -> Rules.parse(deep));
        assertThrows(NullPointerException.class, () -> Rules.parse(null));
        try (Rules empty = Rules.parse("# nothing\n\n")) {
            assertEquals(0, empty.nRules());
            try (Dataset ds = new Dataset(new double[][] {{1}, {2}})) {
                RulesResult r = empty.apply(ds);
                assertEquals(2, r.nUnmatched());
                assertArrayEquals(new String[] {"Unclassified", "Unclassified"}, r.segments());
                assertEquals(0, r.unusedRules().length);
            }
        }
    }

    @Test
    void unknownColumnNamedAtApply() {
        try (Dataset ds = new Dataset(new double[][] {{1, 2}, {3, 4}}).setColumnNames("spend", "visits");
             Rules rules = Rules.parse("spend > 1 -> \"A\"\nvisits > 1 and orders > 2 -> \"B\"")) {
            expect(Status.INVALID_ARG, () -> rules.apply(ds), "orders", "line 2", "spend");
            // Backquoted names and the first rule alone work.
            try (Rules ok = Rules.parse("`spend` > 1 -> \"A\"")) {
                assertArrayEquals(new long[] {1}, ok.apply(ds).ruleCounts());
            }
        }
    }

    @Test
    void closeIsIdempotent() {
        long baseline = Cseg.liveHandles();
        Rules r = Rules.parse("x > 1 -> \"A\"");
        assertEquals(baseline + 1, Cseg.liveHandles());
        r.close();
        r.close();
        assertTrue(r.isClosed());
        assertEquals(baseline, Cseg.liveHandles());
        assertThrows(IllegalStateException.class, () -> r.ruleName(0));
        assertThrows(IllegalStateException.class, () -> r.setFallbackName("x"));
    }
}
