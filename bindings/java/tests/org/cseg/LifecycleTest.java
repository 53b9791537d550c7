package org.cseg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LifecycleTest {
    @Test
    void thousandModelsLeaveNoHandles() {
        double[][] x = TestData.blobs(200, 3, 4, 31);
        long baseline = Cseg.liveHandles();
        try (Dataset ds = new Dataset(x)) {
            assertEquals(baseline + 1, Cseg.liveHandles());
            for (int i = 0; i < 1000; i++) {
                try (KMeans m = KMeans.builder().k(4).seed(i).build().fit(ds);
                     Assignment a = m.assign(ds)) {
                    assertEquals(200, a.size());
                }
            }
        }
        assertEquals(baseline, Cseg.liveHandles());
    }

    /* Objects nobody closed are freed by the Cleaner once collected. */
    @Test
    void cleanerFreesForgottenHandles() throws Exception {
        long baseline = Cseg.liveHandles();
        makeGarbage();
        assertTrue(Cseg.liveHandles() > baseline);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (Cseg.liveHandles() > baseline && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(baseline, Cseg.liveHandles());
    }

    private static void makeGarbage() {
        double[][] x = TestData.blobs(50, 2, 2, 32);
        for (int i = 0; i < 200; i++) {
            Dataset ds = new Dataset(x);
            KMeans m = KMeans.builder().k(2).build().fit(ds);
            m.assign(ds);
        }
    }

    @Test
    void versionAndThreads() {
        assertTrue(Cseg.version().matches("\\d+\\.\\d+\\.\\d+.*"), Cseg.version());
        String[] p = Cseg.version().split("[.]");
        assertEquals(Integer.parseInt(p[0]) * 10000 + Integer.parseInt(p[1]) * 100
            + Integer.parseInt(p[2].replaceAll("\\D.*", "")), Cseg.versionNumber());
        int before = Cseg.maxThreads();
        assertTrue(before >= 1);
        Cseg.setMaxThreads(1);
        assertEquals(1, Cseg.maxThreads());
        Cseg.setMaxThreads(0);
        assertThrowsCseg(() -> Cseg.setMaxThreads(-1));
        assertTrue(Cseg.nativeLibrarySource() != null);
    }

    /* Each meson run names the loader path it sets up (java.library.path, or
     * none so that the copy packed in the jar is used). */
    @Test
    void nativeLibraryLoadedFromTheExpectedPlace() {
        String expected = System.getProperty("cseg.test.expect.source");
        String source = Cseg.nativeLibrarySource();
        assertTrue(expected == null || source.startsWith(expected), source + " should start with " + expected);
    }

    private static void assertThrowsCseg(Runnable r) {
        try {
            r.run();
        } catch (CsegException e) {
            assertEquals(Status.INVALID_ARG, e.getStatus());
            return;
        }
        throw new AssertionError("expected CsegException");
    }
}
