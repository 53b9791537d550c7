package org.cseg;

import static org.cseg.SegmentsTestUtil.assertClose;
import static org.cseg.SegmentsTestUtil.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;

import org.junit.jupiter.api.Test;

class ProfileTest {
    /* Column j of the rows labelled s. */
    private static double[] column(double[][] x, int[] labels, int s, int j) {
        return java.util.stream.IntStream.range(0, x.length).filter(i -> s < 0 || labels[i] == s)
            .mapToDouble(i -> x[i][j]).toArray();
    }

    @Test
    void statisticsMatchJava() throws Exception {
        long baseline = Cseg.liveHandles();
        try (Dataset ds = Dataset.readCsv(TestData.wholesaleCsv(), ',', null,
                "Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen");
             KMeans km = KMeans.builder().k(4).seed(3).nInit(2).build().fit(ds);
             Assignment a = km.assign(ds)) {
            int[] labels = a.labels();
            double[][] x = ds.toArray();
            int n = x.length;
            int d = x[0].length;
            try (Profile p = Profile.of(ds, labels, 4)) {
                assertEquals(4, p.nSegments());
                assertEquals(d, p.nFeatures());
                assertArrayEquals(ds.columnNames(), p.featureNames());
                long[] sizes = p.sizes();
                double[] shares = p.shares();
                double[][] mean = p.mean();
                double[][] median = p.median();
                double[][] std = p.std();
                double[][] index = p.index();
                double[][] smd = p.smd();
                double[] popMean = p.population(Profile.Stat.MEAN);
                double[] popStd = p.population(Profile.Stat.STD);
                for (int j = 0; j < d; j++) {
                    double[] all = column(x, labels, -1, j);
                    assertClose(SegmentsTestUtil.mean(all), popMean[j], 1e-12, "population mean " + j);
                    assertClose(SegmentsTestUtil.sampleStd(all), popStd[j], 1e-10, "population std " + j);
                    assertClose(SegmentsTestUtil.median(all), p.population(Profile.Stat.MEDIAN)[j], 0, "pop median");
                }
                for (int s = 0; s < 4; s++) {
                    final int seg = s;
                    long size = Arrays.stream(labels).filter(l -> l == seg).count();
                    assertEquals(size, sizes[s]);
                    assertClose((double) size / n, shares[s], 1e-15, "share");
                    for (int j = 0; j < d; j++) {
                        double[] v = column(x, labels, s, j);
                        String at = "segment " + s + ", feature " + j;
                        double m = SegmentsTestUtil.mean(v);
                        assertClose(m, mean[s][j], 1e-12, "mean " + at);
                        assertClose(SegmentsTestUtil.median(v), median[s][j], 0, "median " + at);
                        assertClose(SegmentsTestUtil.sampleStd(v), std[s][j], 1e-10, "std " + at);
                        assertClose(m / popMean[j] * 100, index[s][j], 1e-10, "index " + at);
                        assertClose((m - popMean[j]) / popStd[j], smd[s][j], 1e-10, "smd " + at);
                    }
                    // Ranking: |SMD| descending, ties by column order.
                    int[] rank = p.ranking(s);
                    assertEquals(d, rank.length);
                    assertEquals(d, new HashSet<>(Arrays.stream(rank).boxed().collect(java.util.stream.Collectors.toList())).size());
                    for (int t = 1; t < d; t++) {
                        double prev = Math.abs(smd[s][rank[t - 1]]);
                        double cur = Math.abs(smd[s][rank[t]]);
                        assertTrue(prev > cur || (prev == cur && rank[t - 1] < rank[t]),
                            "ranking of segment " + s + ": " + Arrays.toString(rank));
                    }
                }
                assertEquals(1.0, Arrays.stream(shares).sum(), 1e-12);
                assertArrayEquals(p.mean(), p.stat(Profile.Stat.MEAN));
                // Names: automatic, unique; renaming.
                String[] names = p.segmentNames();
                assertEquals(4, new HashSet<>(Arrays.asList(names)).size(), Arrays.toString(names));
                for (String nm : names) {
                    assertTrue(!nm.isEmpty() && !nm.equals("Empty segment"), nm);
                }
                p.rename(2, "Cafés ☕").rename(0, "Hotels");
                assertEquals("Cafés ☕", p.segmentName(2));
                assertEquals("Hotels", p.segmentNames()[0]);
                assertEquals(names[1], p.segmentName(1));
                expect(Status.INVALID_ARG, () -> p.rename(1, "Hotels"));
                expect(Status.INVALID_ARG, () -> p.rename(1, ""));
                expect(Status.INVALID_ARG, () -> p.rename(1, "y".repeat(257)));
                assertEquals(names[1], p.segmentName(1));
                assertThrows(IndexOutOfBoundsException.class, () -> p.rename(4, "x"));
                assertThrows(IndexOutOfBoundsException.class, () -> p.ranking(-1));
            }
        }
        assertEquals(baseline, Cseg.liveHandles());
    }

    /* Missing values are skipped per feature; an empty segment has NaN statistics. */
    @Test
    void missingValuesAndEmptySegments() {
        double nan = Double.NaN;
        double[][] x = {{1, 10}, {2, nan}, {3, 30}, {10, 40}, {nan, 50}, {12, 60}};
        long[] labels = {0, 0, 0, 1, 1, 1};
        try (Dataset ds = new Dataset(x).setColumnNames("spend", "visits");
             Profile p = Profile.of(ds, labels, 3)) {
            double[][] mean = p.mean();
            assertEquals(2, mean[0][0], 1e-15);
            assertEquals(20, mean[0][1], 1e-15);
            assertEquals(11, mean[1][0], 1e-15);
            assertEquals(50, p.median()[1][1], 1e-15);
            assertArrayEquals(new long[] {3, 3, 0}, p.sizes());
            assertTrue(Double.isNaN(mean[2][0]) && Double.isNaN(p.std()[2][1]));
            assertEquals("Empty segment", p.segmentName(2));
            assertNotEquals(p.segmentName(0), p.segmentName(1));
        }
    }

    @Test
    void badInputs() {
        long baseline = Cseg.liveHandles();
        try (Dataset ds = new Dataset(new double[][] {{1}, {2}, {3}})) {
            expect(Status.INVALID_ARG, () -> Profile.of(ds, new long[] {0, 1}, 2));
            expect(Status.INVALID_ARG, () -> Profile.of(ds, new long[] {0, 1, 0}, 0));
            expect(Status.INVALID_ARG, () -> Profile.of(ds, new long[] {0, 1, 0}, 4));
            expect(Status.INVALID_ARG, () -> Profile.of(ds, new long[] {0, 2, 0}, 2), "labels[1] = 2");
            expect(Status.INVALID_ARG, () -> Profile.of(ds, new long[] {0, -1, 0}, 2));
            assertThrows(NullPointerException.class, () -> Profile.of(ds, (long[]) null, 2));
            Profile p = Profile.of(ds, new int[] {0, 1, 0}, 2);
            assertEquals(baseline + 2, Cseg.liveHandles());
            p.close();
            p.close();
            assertTrue(p.isClosed());
            assertThrows(IllegalStateException.class, p::sizes);
            assertThrows(IllegalStateException.class, () -> p.rename(0, "x"));
        }
        assertEquals(baseline, Cseg.liveHandles());
    }
}
