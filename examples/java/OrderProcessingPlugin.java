import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.cseg.AssignResult;
import org.cseg.Cseg;
import org.cseg.CsegException;
import org.cseg.Dataset;
import org.cseg.KMeans;

/**
 * An ERP plugin that tags every incoming order with the customer's segment.
 *
 * <p>The plugin loads a saved segmentation model once, at start-up, and then
 * serves all order-processing threads from that one read-only model: a
 * fitted cseg model may be used by any number of threads at once, and
 * {@link KMeans#assignOne(double[], AssignResult)} allocates nothing, so the
 * per-order cost is a few hundred nanoseconds and no garbage.
 *
 * <p>Run: {@code java -cp cseg.jar:. OrderProcessingPlugin wholesale_customers.csv model.cseg}
 * The first run fits the model on the wholesale customers (log spending,
 * k = 6) and saves it; later runs only load it. Then 8 threads process
 * simulated orders and the per-call latency percentiles are printed.
 */
public final class OrderProcessingPlugin implements AutoCloseable {
    /** Spending columns of the wholesale file, the model's features. */
    static final String[] FEATURES = {"Fresh", "Milk", "Grocery", "Frozen", "Detergents_Paper", "Delicassen"};

    private final KMeans model;

    private OrderProcessingPlugin(KMeans model) {
        this.model = model;
    }

    /** Start-up: load the model once. */
    static OrderProcessingPlugin load(Path modelFile) {
        return new OrderProcessingPlugin(KMeans.load(modelFile));
    }

    /**
     * Hot path, called by every order thread: the customer's annual spend per
     * category becomes log features in the thread's own buffer, then the
     * segment and its distance/margin land in the thread's own holder.
     */
    int segmentOf(double[] annualSpend, double[] featureBuf, AssignResult out) {
        for (int j = 0; j < featureBuf.length; j++) {
            featureBuf[j] = Math.log1p(annualSpend[j]);
        }
        return model.assignOne(featureBuf, out);
    }

    @Override
    public void close() {
        model.close();
    }

    /** Fits and saves the model the plugin will load (done once, offline). */
    static void trainModel(Path csv, Path modelFile) {
        double[][] spend;
        try (Dataset raw = Dataset.readCsv(csv, ',', null, FEATURES)) {
            spend = raw.toArray();
        }
        for (double[] row : spend) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.log1p(row[j]);
            }
        }
        try (Dataset ds = new Dataset(spend).setColumnNames(FEATURES);
             KMeans km = KMeans.builder().k(6).seed(42).nInit(4).build().fit(ds)) {
            km.save(modelFile);
            System.out.printf("fitted k=6 on %d customers: inertia %.2f, %d iterations, converged %b -> %s%n",
                ds.nRows(), km.inertia(), km.iterations(), km.converged(), modelFile);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: OrderProcessingPlugin CUSTOMERS.csv MODEL.cseg [THREADS] [ORDERS_PER_THREAD]");
            System.exit(2);
        }
        Path csv = Path.of(args[0]);
        Path modelFile = Path.of(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int orders = args.length > 3 ? Integer.parseInt(args[3]) : 200_000;
        int warmup = 50_000;

        System.out.println("cseg " + Cseg.version() + ", native library from " + Cseg.nativeLibrarySource());
        if (!Files.exists(modelFile)) {
            trainModel(csv, modelFile);
        }
        double[][] customers;
        try (Dataset raw = Dataset.readCsv(csv, ',', null, FEATURES)) {
            customers = raw.toArray();
        }

        try (OrderProcessingPlugin plugin = OrderProcessingPlugin.load(modelFile)) {
            System.out.printf("loaded %s: k=%d, features %s%n", modelFile, plugin.model.nClusters(),
                Arrays.toString(plugin.model.featureNames()));

            // Orders: a known customer's yearly spend, scaled by a random factor
            // (the customer's basket this year), fixed per thread by a seed.
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<long[]>> latencies = new ArrayList<>();
            List<int[]> labelsPerThread = new ArrayList<>();
            List<double[][]> ordersPerThread = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Random rng = new Random(1000 + t);
                double[][] work = new double[orders][];
                for (int i = 0; i < orders; i++) {
                    double[] base = customers[rng.nextInt(customers.length)];
                    double f = 0.5 + rng.nextDouble();
                    work[i] = new double[base.length];
                    for (int j = 0; j < base.length; j++) {
                        work[i][j] = base[j] * f;
                    }
                }
                int[] labels = new int[orders];
                ordersPerThread.add(work);
                labelsPerThread.add(labels);
                latencies.add(pool.submit(() -> {
                    double[] buf = new double[FEATURES.length];
                    AssignResult res = new AssignResult();
                    for (int i = 0; i < warmup; i++) { // let the JIT settle first
                        plugin.segmentOf(work[i % orders], buf, res);
                    }
                    long[] ns = new long[orders];
                    go.await();
                    for (int i = 0; i < orders; i++) {
                        long t0 = System.nanoTime();
                        labels[i] = plugin.segmentOf(work[i], buf, res);
                        ns[i] = System.nanoTime() - t0;
                    }
                    return ns;
                }));
            }
            long wall0 = System.nanoTime();
            go.countDown();
            long[] all = new long[threads * orders];
            for (int t = 0; t < threads; t++) {
                System.arraycopy(latencies.get(t).get(300, TimeUnit.SECONDS), 0, all, t * orders, orders);
            }
            long wall = System.nanoTime() - wall0;
            pool.shutdown();
            Arrays.sort(all);

            // The concurrent answers must equal a serial pass over the same orders.
            double[] buf = new double[FEATURES.length];
            AssignResult res = new AssignResult();
            int[] perSegment = new int[plugin.model.nClusters()];
            for (int t = 0; t < threads; t++) {
                double[][] work = ordersPerThread.get(t);
                int[] labels = labelsPerThread.get(t);
                for (int i = 0; i < orders; i++) {
                    int serial = plugin.segmentOf(work[i], buf, res);
                    if (serial != labels[i]) {
                        System.err.printf("thread %d order %d: concurrent label %d, serial %d%n", t, i, labels[i], serial);
                        System.exit(1);
                    }
                    perSegment[serial]++;
                }
            }

            System.out.printf("%d threads x %d orders = %d assignOne calls in %.1f ms (%.0f orders/s)%n",
                threads, orders, all.length, wall / 1e6, all.length / (wall / 1e9));
            System.out.printf("latency per call: p50 %d ns, p99 %d ns, p99.9 %d ns, max %.1f us%n",
                pct(all, 0.50), pct(all, 0.99), pct(all, 0.999), all[all.length - 1] / 1e3);
            System.out.println("orders per segment: " + Arrays.toString(perSegment));
            System.out.println("concurrent labels equal the serial pass: yes");

            // A bad order is an exception for that order, not a crash of the ERP.
            try {
                plugin.segmentOf(new double[] {1, 2, 3}, new double[3], res);
            } catch (CsegException e) {
                System.out.println("bad order rejected: " + e);
            }
        }
        if (Cseg.liveHandles() != 0) {
            System.err.println("leaked handles: " + Cseg.liveHandles());
            System.exit(1);
        }
    }

    private static long pct(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
