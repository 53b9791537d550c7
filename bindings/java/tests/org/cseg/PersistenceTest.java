package org.cseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {
    @TempDir
    Path tmp;

    private static void assertSameModel(KMeans a, KMeans b, Dataset ds) {
        assertArrayEquals(a.centroids(), b.centroids());
        assertEquals(a.inertia(), b.inertia());
        assertEquals(a.iterations(), b.iterations());
        assertEquals(a.converged(), b.converged());
        assertEquals(a.fingerprint(), b.fingerprint());
        assertEquals(a.createdAt(), b.createdAt());
        assertArrayEquals(a.featureNames(), b.featureNames());
        try (Assignment x = a.assign(ds); Assignment y = b.assign(ds)) {
            assertArrayEquals(x.labels(), y.labels());
            assertArrayEquals(x.distances(), y.distances());
        }
    }

    @Test
    void saveAndLoad() throws Exception {
        Path file = tmp.resolve("segments.cseg");
        try (Dataset ds = new Dataset(TestData.blobs(300, 4, 4, 11)).setColumnNames("a", "b", "c", "d");
             KMeans m = KMeans.builder().k(4).seed(5).nInit(2).build().fit(ds)) {
            m.save(file);
            assertTrue(Files.size(file) > 0);
            try (KMeans back = KMeans.load(file)) {
                assertTrue(back.isFitted());
                assertSameModel(m, back, ds);
                assertArrayEquals(m.toBytes(), back.toBytes(), "a loaded model serialises to the same bytes");
            }
        }
    }

    @Test
    void bytesRoundTrip() {
        try (Dataset ds = new Dataset(TestData.blobs(200, 3, 3, 12));
             KMeans m = KMeans.builder().k(3).seed(9).build().fit(ds)) {
            byte[] bytes = m.toBytes();
            try (KMeans back = KMeans.fromBytes(bytes)) {
                assertSameModel(m, back, ds);
            }
        }
    }

    @Test
    void savedFileEqualsBytes() throws Exception {
        Path file = tmp.resolve("m.cseg");
        try (Dataset ds = new Dataset(TestData.blobs(100, 2, 3, 13));
             KMeans m = KMeans.builder().k(3).build().fit(ds)) {
            m.save(file);
            assertArrayEquals(m.toBytes(), Files.readAllBytes(file));
        }
    }
}
