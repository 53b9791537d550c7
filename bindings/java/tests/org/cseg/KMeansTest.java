package org.cseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class KMeansTest {
    /* The sklearn references of tests/fixtures (gen_kmeans.py): same data and
     * initial centres give the same inertia, iterations and partition. */
    @ParameterizedTest
    @CsvSource({
        "kmeans_blobs_x.txt, kmeans_blobs_init.txt, , kmeans_blobs_ref.txt, LLOYD",
        "kmeans_blobs_x.txt, kmeans_blobs_init.txt, , kmeans_blobs_ref.txt, HAMERLY",
        "kmeans_blobs_x.txt, kmeans_blobs_init.txt, kmeans_blobs_w.txt, kmeans_blobs_weighted_ref.txt, AUTO",
        "kmeans_wholesale_x.txt, kmeans_wholesale_init.txt, , kmeans_wholesale_ref.txt, AUTO",
    })
    void matchesSklearn(String xFile, String initFile, String wFile, String refFile, KMeans.Method method)
        throws Exception {
        double[][] x = TestData.readMats(xFile).get(0);
        double[][] init = TestData.readMats(initFile).get(0);
        List<double[][]> ref = TestData.readMats(refFile);
        double[] head = ref.get(0)[0];
        double[][] refCent = ref.get(1);
        double[][] refLabels = ref.get(2);
        int k = init.length;
        int n = x.length;

        try (Dataset ds = new Dataset(x);
             KMeans m = KMeans.builder().initialCenters(init).maxIter((int) head[2]).tol(head[3])
                 .method(method).build()) {
            if (wFile == null) {
                m.fit(ds);
            } else {
                double[][] w = TestData.readMats(wFile).get(0);
                double[] weights = new double[n];
                for (int i = 0; i < n; i++) {
                    weights[i] = w[i][0];
                }
                m.fit(ds, weights);
            }
            TestData.assertRel(head[0], m.inertia(), 1e-9, "inertia");
            assertEquals((int) head[1], m.iterations(), "iterations");
            assertEquals(k, m.nClusters());

            int[] labels;
            try (Assignment a = m.assign(ds)) {
                labels = a.labels();
            }
            int[] map = new int[k];
            java.util.Arrays.fill(map, -1);
            for (int i = 0; i < n; i++) {
                int theirs = (int) refLabels[i][0];
                if (map[labels[i]] < 0) {
                    map[labels[i]] = theirs;
                }
                assertEquals(map[labels[i]], theirs, "row " + i + ": one bijection of labels");
            }
            double[][] cent = m.centroids();
            for (int j = 0; j < k; j++) {
                for (int c = 0; c < cent[j].length; c++) {
                    TestData.assertRel(refCent[map[j]][c], cent[j][c], 1e-7, "centroid " + j + "," + c);
                }
            }
        }
    }

    /* Labels, distances, margins, runner-ups and inertia recomputed in Java
     * from the centroids agree with the library's. */
    @Test
    void assignmentAgreesWithJavaRecomputation() throws Exception {
        double[][] x = TestData.readMats("kmeans_wholesale_x.txt").get(0);
        try (Dataset ds = new Dataset(x);
             KMeans m = KMeans.builder().k(5).seed(42).nInit(4).build().fit(ds);
             Assignment a = m.assign(ds)) {
            double[][] c = m.centroids();
            int[] labels = a.labels();
            double[] dist = a.distances();
            double[] margins = a.margins();
            int[] runner = a.runnerUp();
            double[] confidence = a.confidence();
            boolean[] borderline = a.borderline();
            double inertia = 0;
            int[] counts = new int[c.length];
            AssignResult one = new AssignResult();
            for (int i = 0; i < x.length; i++) {
                int best = -1;
                int second = -1;
                for (int j = 0; j < c.length; j++) {
                    double dj = TestData.sqDist(x[i], c[j]);
                    if (best < 0 || dj < TestData.sqDist(x[i], c[best])) {
                        second = best;
                        best = j;
                    } else if (second < 0 || dj < TestData.sqDist(x[i], c[second])) {
                        second = j;
                    }
                }
                double d1 = Math.sqrt(TestData.sqDist(x[i], c[best]));
                double d2 = Math.sqrt(TestData.sqDist(x[i], c[second]));
                assertEquals(best, labels[i], "label of row " + i);
                assertEquals(second, runner[i], "runner-up of row " + i);
                TestData.assertRel(d1, dist[i], 1e-9, "distance of row " + i);
                TestData.assertRel(d2 - d1, margins[i], 1e-9, "margin of row " + i);
                assertEquals((d2 - d1) / d2, confidence[i], 1e-9, "confidence of row " + i);
                assertEquals(confidence[i] < 0.1, borderline[i], "borderline flag of row " + i);
                assertEquals(best, m.assignOne(x[i]));
                assertEquals(best, m.assignOne(x[i], one));
                assertEquals(best, one.label());
                TestData.assertRel(d1, one.distance(), 1e-9, "assignOne distance " + i);
                TestData.assertRel(d2 - d1, one.margin(), 1e-9, "assignOne margin " + i);
                inertia += d1 * d1;
                counts[best]++;
            }
            TestData.assertRel(inertia, m.inertia(), 1e-9, "inertia");
            TestData.assertRel(inertia, Metrics.inertia(ds, labels), 1e-9, "Metrics.inertia");
            for (int j = 1; j < counts.length; j++) {
                assertTrue(counts[j - 1] >= counts[j], "segment 0 is the largest: " + java.util.Arrays.toString(counts));
            }
            assertTrue(m.converged());
            assertEquals(x.length, m.nTrainRows());
            assertEquals(6, m.nFeatures());
        }
    }

    /* The serving path allocates nothing on the Java heap either (the JNI
     * layer copies the row to the stack): 200,000 calls, a few KB at most
     * (JIT bookkeeping), where one small array per call would be ~5 MB. */
    @Test
    void assignOneDoesNotAllocate() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) mx;
        double[][] x = TestData.blobs(100, 5, 4, 3);
        try (Dataset ds = new Dataset(x); KMeans m = KMeans.builder().k(4).build().fit(ds)) {
            AssignResult r = new AssignResult();
            long sum = 0;
            for (int i = 0; i < 200_000; i++) { // warm up the JIT
                sum += m.assignOne(x[i % 100], r);
            }
            long tid = Thread.currentThread().getId();
            long before = tmx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 200_000; i++) {
                sum += m.assignOne(x[i % 100], r);
            }
            long allocated = tmx.getThreadAllocatedBytes(tid) - before;
            assertTrue(allocated < 64 * 1024, allocated + " bytes allocated by 200,000 calls");
            assertTrue(sum > 0);
        }
    }

    @Test
    void sameSeedSameModel() {
        double[][] x = TestData.blobs(500, 4, 5, 7);
        try (Dataset ds = new Dataset(x);
             KMeans a = KMeans.builder().k(5).seed(3).nInit(3).build().fit(ds);
             KMeans b = KMeans.builder().k(5).seed(3).nInit(3).build().fit(ds)) {
            assertEquals(a.inertia(), b.inertia());
            assertEquals(a.iterations(), b.iterations());
            assertArrayEquals(a.centroids(), b.centroids());
            assertEquals(a.fingerprint(), b.fingerprint());
        }
    }

    @Test
    void namesAndMetadata() {
        try (Dataset ds = new Dataset(TestData.blobs(60, 3, 3, 1)).setColumnNames("recency", "frequency", "monetary");
             KMeans m = KMeans.builder().k(3).seed(1).init(KMeans.Init.RANDOM).method(KMeans.Method.LLOYD)
                 .maxIter(50).tol(0).localTrials(0).build()) {
            assertFalse(m.isFitted());
            assertEquals("KMeans[unfitted]", m.toString());
            m.fit(ds);
            assertTrue(m.isFitted());
            assertArrayEquals(new String[] {"recency", "frequency", "monetary"}, m.featureNames());
            assertEquals(16, m.fingerprint().length());
            assertEquals(Cseg.version(), m.fittedByVersion());
            assertTrue(m.createdAt().endsWith("Z"), m.createdAt());
            try (KMeans copy = m.copy()) {
                assertArrayEquals(m.centroids(), copy.centroids());
            }
        }
    }
}
