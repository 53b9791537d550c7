package org.cseg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/* Size-constrained k-means and post-hoc merging from Java. */
class ConstrainedTest {
    private static int[] sizes(int[] labels, int k) {
        int[] s = new int[k];
        for (int l : labels) {
            s[l]++;
        }
        return s;
    }

    @Test
    void sizeConstraintsHoldAndTheirCostIsReported() throws Exception {
        double[][] x = TestData.readMats("kmeans_wholesale_x.txt").get(0);
        try (Dataset ds = new Dataset(x);
             KMeans plain = KMeans.builder().k(6).seed(3).build().fit(ds);
             KMeans m = KMeans.builder().k(6).seed(3).sizeMin(40).build().fit(ds)) {
            int min = Integer.MAX_VALUE;
            for (int s : sizes(plain.trainingLabels(), 6)) {
                min = Math.min(min, s);
            }
            assertTrue(min < 40, "plain k-means leaves a small segment: " + min);
            for (int s : sizes(m.trainingLabels(), 6)) {
                assertTrue(s >= 40, "segment of " + s);
            }
            assertTrue(m.inertia() > m.unconstrainedInertia());
            TestData.assertRel(plain.inertia(), m.unconstrainedInertia(), 1e-12, "baseline");
            assertEquals(plain.inertia(), plain.unconstrainedInertia());
        }
        try (Dataset ds = new Dataset(x);
             KMeans bad = KMeans.builder().k(6).sizeMin(x.length).build()) {
            CsegException e = assertThrows(CsegException.class, () -> bad.fit(ds));
            assertTrue(e.getMessage().contains("size_min"), e.getMessage());
        }
        assertThrows(CsegException.class, () -> KMeans.builder().k(3).sizeMax(-1).build());
    }

    @Test
    void smallSegmentsMerge() throws Exception {
        double[][] x = TestData.readMats("kmeans_wholesale_x.txt").get(0);
        try (Dataset ds = new Dataset(x);
             KMeans m = KMeans.builder().k(8).seed(1).build().fit(ds)) {
            int smallest = Integer.MAX_VALUE;
            for (int s : sizes(m.trainingLabels(), 8)) {
                smallest = Math.min(smallest, s);
            }
            long merged = m.mergeSmallSegments(ds, smallest + 1);
            assertTrue(merged >= 1);
            assertEquals(8 - merged, m.nClusters());
            for (int s : sizes(m.trainingLabels(), m.nClusters())) {
                assertTrue(s >= smallest + 1, "segment of " + s);
            }
            assertThrows(CsegException.class, () -> m.mergeSmallSegments(ds, 0));
        }
    }
}
