package org.cseg;

import static org.cseg.SegmentsTestUtil.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/* Features against a plain-Java computation of the definitions in
 * cseg_features.h and the CDNOW fixtures of tests/fixtures/features. */
class FeaturesTest {
    private static final LocalDate START = LocalDate.of(2023, 1, 1);

    /* 300 orders of 40 customers over 2023, some returns, a channel with unknowns. */
    private static final class Log {
        final String[] ids = new String[300];
        final long[] days = new long[300];
        final double[] amounts = new double[300];
        final String[] channel = new String[300];

        Log() {
            Random rng = new Random(11);
            String[] ch = {"web", "store", "app", null};
            for (int i = 0; i < ids.length; i++) {
                ids[i] = String.format("c%02d", rng.nextInt(40));
                days[i] = START.toEpochDay() + rng.nextInt(365);
                amounts[i] = Math.round((5 + 100 * rng.nextDouble()) * 100) / 100.0 * (rng.nextDouble() < 0.08 ? -1 : 1);
                channel[i] = ch[rng.nextInt(ch.length)];
            }
        }

        Transactions open() {
            return Transactions.of(ids, days, amounts).setAttribute(Transactions.Attribute.CHANNEL, channel);
        }
    }

    /* The definitions, customer by customer: recency .. n_returns, then the channel shares. */
    private static Map<String, double[]> reference(Log log, long asOf, boolean orders, int onboarding) {
        Map<String, Long> first = new HashMap<>();
        Map<String, Long> last = new HashMap<>();
        TreeSet<String> levels = new TreeSet<>();
        for (int i = 0; i < log.ids.length; i++) {
            if (log.days[i] <= asOf && log.channel[i] != null) {
                levels.add(log.channel[i]);
            }
            if (log.days[i] <= asOf && log.amounts[i] >= 0) {
                first.merge(log.ids[i], log.days[i], Math::min);
                last.merge(log.ids[i], log.days[i], Math::max);
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String c : log.ids) {
            if (!first.containsKey(c) || out.containsKey(c)) {
                continue;
            }
            long w0 = first.get(c) + onboarding;
            TreeSet<Long> purchaseDays = new TreeSet<>();
            int purchases = 0;
            int returns = 0;
            double net = 0;
            double gross = 0;
            double[] perLevel = new double[levels.size()];
            List<String> lv = new ArrayList<>(levels);
            for (int i = 0; i < log.ids.length; i++) {
                if (!log.ids[i].equals(c) || log.days[i] > asOf || log.days[i] < w0) {
                    continue;
                }
                net += log.amounts[i];
                if (log.amounts[i] < 0) {
                    returns++;
                    continue;
                }
                purchases++;
                purchaseDays.add(log.days[i]);
                gross += log.amounts[i];
                if (log.channel[i] != null) {
                    perLevel[lv.indexOf(log.channel[i])] += log.amounts[i];
                }
            }
            double f = orders ? purchases : purchaseDays.size();
            Long[] d = purchaseDays.toArray(new Long[0]);
            double mean = Double.NaN;
            double sd = Double.NaN;
            if (d.length >= 2) {
                mean = (double) (d[d.length - 1] - d[0]) / (d.length - 1);
            }
            if (d.length >= 3) {
                double ss = 0;
                for (int j = 1; j < d.length; j++) {
                    ss += Math.pow(d[j] - d[j - 1] - mean, 2);
                }
                sd = Math.sqrt(ss / (d.length - 2));
            }
            double[] row = new double[8 + levels.size()];
            double[] head = {asOf - last.get(c), f, net, f > 0 ? net / f : Double.NaN, asOf - first.get(c), mean, sd, returns};
            System.arraycopy(head, 0, row, 0, 8);
            for (int j = 0; j < perLevel.length; j++) {
                row[8 + j] = gross > 0 ? perLevel[j] / gross : Double.NaN;
            }
            out.put(c, row);
        }
        return out;
    }

    private static void assertClose(double want, double got, String what) {
        if (Double.isNaN(want)) {
            assertTrue(Double.isNaN(got), what + ": expected NaN, got " + got);
        } else {
            assertEquals(want, got, 1e-9 * Math.max(1, Math.abs(want)), what);
        }
    }

    @Test
    void matchesTheDefinitions() {
        Log log = new Log();
        long asOf = LocalDate.of(2023, 10, 31).toEpochDay();
        long baseline = Cseg.liveHandles();
        for (int variant = 0; variant < 3; variant++) {
            boolean orders = variant == 1;
            int onboarding = variant == 2 ? 45 : 0;
            Map<String, double[]> ref = reference(log, asOf, orders, onboarding);
            FeatureOptions o = new FeatureOptions().asOf(LocalDate.ofEpochDay(asOf)).onboardingDays(onboarding)
                .frequency(orders ? FeatureOptions.Frequency.ORDERS : FeatureOptions.Frequency.DAYS);
            try (Transactions tx = log.open(); Dataset f = Features.compute(tx, o)) {
                assertArrayEquals(ref.keySet().toArray(new String[0]), f.ids());
                assertArrayEquals(new String[] {"recency", "frequency", "monetary", "aov", "tenure", "ipt_mean",
                    "ipt_std", "n_returns", "frequency_seasonal", "share_channel_app", "share_channel_store",
                    "share_channel_web"}, f.columnNames());
                double[][] m = f.toArray();
                int i = 0;
                for (Map.Entry<String, double[]> e : ref.entrySet()) {
                    double[] want = e.getValue();
                    for (int j = 0; j < want.length; j++) {
                        int col = j < 8 ? j : j + 1; // frequency_seasonal sits between
                        assertClose(want[j], m[i][col], e.getKey() + " " + f.columnName(col));
                    }
                    i++;
                }
            }
        }
        assertEquals(baseline, Cseg.liveHandles());
    }

    @Test
    void selectionHoldoutAndRfm() {
        Log log = new Log();
        LocalDate cal = LocalDate.of(2023, 6, 30);
        LocalDate end = LocalDate.of(2023, 12, 31);
        try (Transactions tx = log.open()) {
            try (Dataset f = Features.compute(tx, new FeatureOptions().asOf(cal).select("monetary", "share_channel_web"))) {
                assertArrayEquals(new String[] {"monetary", "share_channel_web"}, f.columnNames());
            }
            FeatureOptions o = new FeatureOptions().asOf(cal).holdoutEnd(end).frequency(FeatureOptions.Frequency.ORDERS);
            try (Dataset a = Features.compute(tx, o);
                 Dataset b = Features.computeHoldout(tx, new FeatureOptions().frequency(FeatureOptions.Frequency.ORDERS), cal, end)) {
                assertArrayEquals(a.columnNames(), b.columnNames());
                assertArrayEquals(a.toRowMajor(), b.toRowMajor());
                int hf = Arrays.asList(a.columnNames()).indexOf("holdout_frequency");
                Map<String, Integer> late = new HashMap<>();
                for (int i = 0; i < log.ids.length; i++) {
                    if (log.days[i] > cal.toEpochDay() && log.days[i] <= end.toEpochDay() && log.amounts[i] >= 0) {
                        late.merge(log.ids[i], 1, Integer::sum);
                    }
                }
                double[][] m = a.toArray();
                String[] ids = a.ids();
                for (int i = 0; i < ids.length; i++) {
                    assertEquals(late.getOrDefault(ids[i], 0), m[i][hf], 0, ids[i]);
                }
            }
            try (Dataset f = Features.compute(tx, new FeatureOptions().asOf(end)); Rfm rfm = Rfm.builder().build()) {
                RfmResult r = rfm.compute(f, "recency", "frequency", "monetary");
                assertEquals(f.nRows(), r.size());
                try (Profile p = Profile.of(f, r.segmentIndices(), r.segmentNames().length)) {
                    assertEquals(f.nRows(), Arrays.stream(p.sizes()).sum());
                }
            }
        }
    }

    @Test
    void attributesFromAFile(@TempDir Path dir) throws IOException {
        Log log = new Log();
        StringBuilder csv = new StringBuilder("customer,date,amount,channel\n");
        for (int i = 0; i < log.ids.length; i++) {
            csv.append(log.ids[i]).append(',').append(LocalDate.ofEpochDay(log.days[i])).append(',')
                .append(log.amounts[i]).append(',').append(log.channel[i] == null ? "" : log.channel[i]).append('\n');
        }
        Path file = dir.resolve("orders.csv");
        Files.writeString(file, csv);
        LocalDate asOf = LocalDate.of(2023, 12, 31);
        Transactions.ReadOptions ro = new Transactions.ReadOptions().idColumn("customer").dateColumn("date")
            .amountColumn("amount").attributeColumn(Transactions.Attribute.CHANNEL, "channel");
        try (Transactions a = Transactions.read(file, ro); Transactions b = log.open();
             Dataset fa = Features.compute(a, new FeatureOptions().asOf(asOf));
             Dataset fb = Features.compute(b, new FeatureOptions().asOf(asOf))) {
            assertTrue(a.hasAttribute(Transactions.Attribute.CHANNEL));
            assertFalse(a.hasAttribute(Transactions.Attribute.REGION));
            assertEquals(new TreeSet<>(List.of("app", "store", "web")),
                new TreeSet<>(Arrays.asList(a.levels(Transactions.Attribute.CHANNEL))));
            assertEquals(0, a.levels(Transactions.Attribute.CATEGORY).length);
            assertEquals(b.nReturns(), a.nReturns());
            assertArrayEquals(fb.columnNames(), fa.columnNames());
            assertArrayEquals(fb.ids(), fa.ids());
            assertArrayEquals(fb.toRowMajor(), fa.toRowMajor(), 1e-9);
            b.removeAttribute(Transactions.Attribute.CHANNEL);
            assertFalse(b.hasAttribute(Transactions.Attribute.CHANNEL));
        }
    }

    /* Rows of a gen_features.py fixture by ID, with its header counts. */
    private static Map<String, double[]> fixture(String name, String[][] columns, long[] counts) throws IOException {
        List<String> lines = Files.readAllLines(TestData.fixtures().resolve("features").resolve(name));
        for (String kv : lines.get(0).substring(1).trim().split("\\s+")) {
            String[] p = kv.split("=");
            counts[p[0].equals("n_customers") ? 0 : 1] = Long.parseLong(p[1]);
        }
        String[] head = lines.get(1).split(",");
        columns[0] = Arrays.copyOfRange(head, 1, head.length);
        Map<String, double[]> rows = new LinkedHashMap<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] t = line.split(",");
            double[] v = new double[t.length - 1];
            for (int j = 1; j < t.length; j++) {
                v[j - 1] = t[j].equals("nan") ? Double.NaN : Double.parseDouble(t[j]);
            }
            rows.put(t[0], v);
        }
        return rows;
    }

    /* CDNOW_master.txt parsed here, channel and category derived as gen_features.py does. */
    private static Transactions cdnow() throws IOException {
        List<String> ids = new ArrayList<>();
        List<Long> days = new ArrayList<>();
        List<Double> amounts = new ArrayList<>();
        List<String> channel = new ArrayList<>();
        List<String> category = new ArrayList<>();
        for (String line : Files.readAllLines(SegmentsTestUtil.cdnowMaster())) {
            String[] t = line.trim().split("\\s+");
            if (t.length < 4 || !t[1].matches("\\d{8}")) {
                continue;
            }
            long day = LocalDate.parse(t[1], DateTimeFormatter.BASIC_ISO_DATE).toEpochDay();
            ids.add(t[0]);
            days.add(day);
            amounts.add(Double.parseDouble(t[3]));
            channel.add(Integer.parseInt(t[2]) % 2 == 1 ? "web" : "store");
            category.add("c" + (day % 3));
        }
        Transactions tx = Transactions.of(ids.toArray(new String[0]), days.stream().mapToLong(Long::longValue).toArray(),
            amounts.stream().mapToDouble(Double::doubleValue).toArray());
        return tx.setAttribute(Transactions.Attribute.CHANNEL, channel.toArray(new String[0]))
            .setAttribute(Transactions.Attribute.CATEGORY, category.toArray(new String[0]));
    }

    @Test
    void cdnowFixtures() throws IOException {
        try (Transactions tx = cdnow()) {
            assertEquals(69659, tx.nRows());
            for (String name : new String[] {"features_cdnow_1998.csv", "features_cdnow_holdout.csv"}) {
                String[][] cols = new String[1][];
                long[] counts = new long[2];
                Map<String, double[]> ref = fixture(name, cols, counts);
                Dataset f = name.endsWith("1998.csv")
                    ? Features.compute(tx, new FeatureOptions().asOf(LocalDate.of(1998, 6, 30)))
                    : Features.computeHoldout(tx, new FeatureOptions().frequency(FeatureOptions.Frequency.ORDERS)
                        .onboardingDays(30).activeWithin(180), LocalDate.of(1997, 9, 30), LocalDate.of(1998, 6, 30));
                try (f) {
                    assertEquals(counts[0], f.nRows(), name);
                    assertEquals(counts[1], f.nMissing(), name);
                    assertArrayEquals(cols[0], f.columnNames(), name);
                    Map<String, Integer> row = new HashMap<>();
                    String[] ids = f.ids();
                    for (int i = 0; i < ids.length; i++) {
                        row.put(ids[i], i);
                    }
                    double[][] m = f.toArray();
                    for (Map.Entry<String, double[]> e : ref.entrySet()) {
                        double[] got = m[row.get(e.getKey())];
                        for (int j = 0; j < got.length; j++) {
                            assertClose(e.getValue()[j], got[j], name + " " + e.getKey() + " " + cols[0][j]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void badInput() {
        Log log = new Log();
        LocalDate d = LocalDate.of(2023, 6, 30);
        try (Transactions tx = log.open()) {
            expect(Status.INVALID_ARG, () -> Features.compute(tx, new FeatureOptions()), "as-of date");
            expect(Status.INVALID_ARG, () -> Features.compute(tx, new FeatureOptions().asOf(LocalDate.of(2020, 1, 1))),
                "before every transaction");
            expect(Status.INVALID_ARG, () -> Features.compute(tx, new FeatureOptions().asOf(d).holdoutEnd(d)), "not after");
            expect(Status.INVALID_ARG, () -> Features.computeHoldout(tx, null, d, d.minusDays(1)), "not after");
            expect(Status.INVALID_ARG, () -> Features.compute(tx, new FeatureOptions().asOf(d).onboardingDays(-1)),
                "onboarding");
            expect(Status.INVALID_ARG, () -> Features.compute(tx, new FeatureOptions().asOf(d).activeWithin(100001)),
                "active");
            expect(Status.INVALID_ARG, () -> Features.compute(tx, new FeatureOptions().asOf(d).select("recency", "spend")),
                "unknown feature 'spend'");
            expect(Status.INVALID_ARG, () -> Features.compute(tx, new FeatureOptions().asOf(d).select("recency", "recency")),
                "twice");
            expect(Status.INVALID_ARG, () -> Features.compute(tx, new FeatureOptions().asOf(d).select("share_region")),
                "no region column");
            expect(Status.INVALID_ARG, () -> Features.compute(tx, new FeatureOptions().asOf(LocalDate.of(2024, 6, 30))
                .activeWithin(1)), "no customer");
            expect(Status.INVALID_ARG, () -> tx.setAttribute(Transactions.Attribute.REGION, new String[3]));
            assertFalse(tx.hasAttribute(Transactions.Attribute.REGION));
            assertThrows(NullPointerException.class, () -> Features.compute(null, new FeatureOptions().asOf(d)));
            assertThrows(NullPointerException.class, () -> Features.compute(tx, null));
            assertThrows(NullPointerException.class, () -> new FeatureOptions().asOf(null));
            assertThrows(NullPointerException.class, () -> new FeatureOptions().select((String[]) null));
            assertThrows(NullPointerException.class, () -> tx.setAttribute(null, log.channel));
        }
        expect(Status.INVALID_ARG, () -> Transactions.of(new String[] {"a", "b"}, new long[] {1, 2},
            new double[] {1.0, Double.NaN}), "amounts");
        expect(Status.INVALID_ARG, () -> Transactions.of(new String[] {"a", "b"}, new long[] {1},
            new double[] {1.0, 2.0}));
        Transactions closed = log.open();
        closed.close();
        assertThrows(IllegalStateException.class, () -> Features.compute(closed, new FeatureOptions().asOf(d)));
    }
}
