package org.cseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ThreadsTest {
    private static final int THREADS = 8;

    /* Eight threads assigning from one model give the serial result. */
    @Test
    void eightThreadsAgreeWithSerial() throws Exception {
        double[][] x = TestData.blobs(2000, 6, 8, 21);
        try (Dataset ds = new Dataset(x);
             KMeans m = KMeans.builder().k(8).seed(42).nInit(2).build().fit(ds)) {
            int[] serial;
            double[] serialDist;
            try (Assignment a = m.assign(ds)) {
                serial = a.labels();
                serialDist = a.distances();
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object[]>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int offset = t * x.length / THREADS;
                results.add(pool.submit(() -> {
                    start.await();
                    int[] labels = new int[x.length];
                    double[] dist = new double[x.length];
                    AssignResult r = new AssignResult();
                    for (int rep = 0; rep < 5; rep++) {
                        for (int s = 0; s < x.length; s++) {
                            int i = (s + offset) % x.length; // threads hit different rows at once
                            labels[i] = m.assignOne(x[i], r);
                            dist[i] = r.distance();
                        }
                    }
                    int[] batch;
                    try (Assignment a = m.assign(ds)) {
                        batch = a.labels();
                    }
                    return new Object[] {labels, dist, batch};
                }));
            }
            start.countDown();
            for (Future<Object[]> f : results) {
                Object[] r = f.get(120, TimeUnit.SECONDS);
                assertArrayEquals(serial, (int[]) r[0]);
                assertArrayEquals(serialDist, (double[]) r[1]);
                assertArrayEquals(serial, (int[]) r[2]);
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    /* close() while other threads assign: they see IllegalStateException, never a crash. */
    @Test
    void closeWhileAssigning() throws Exception {
        double[][] x = TestData.blobs(500, 4, 4, 22);
        long before = Cseg.liveHandles();
        for (int round = 0; round < 20; round++) {
            KMeans m;
            try (Dataset ds = new Dataset(x)) {
                m = KMeans.builder().k(4).build().fit(ds);
            }
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger closed = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; ; i = (i + 1) % x.length) {
                        try {
                            m.assignOne(x[i]);
                            ok.incrementAndGet();
                        } catch (IllegalStateException e) {
                            closed.incrementAndGet();
                            return;
                        }
                    }
                }));
            }
            Thread.sleep(2);
            m.close();
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertTrue(closed.get() == 4, "every worker saw the close");
        }
        assertTrue(Cseg.liveHandles() <= before, "closed models were freed");
    }
}
