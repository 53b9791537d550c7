package org.cseg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.function.Executable;

/* Helpers of the RFM, rules, profile and PCA tests. */
final class SegmentsTestUtil {
    private SegmentsTestUtil() {
    }

    /* The exception carries the status and the C library's message. */
    static CsegException expect(Status status, Executable call, String... inMessage) {
        CsegException e = assertThrows(CsegException.class, call);
        assertEquals(status, e.getStatus(), e.toString());
        for (String s : inMessage) {
            assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' should mention '" + s + "'");
        }
        return e;
    }

    /** CDNOW_master.txt, passed by meson as -Dcseg.test.cdnow.master (else under CSEG_DATA). */
    static Path cdnowMaster() {
        String prop = System.getProperty("cseg.test.cdnow.master");
        if (prop != null) {
            return Path.of(prop);
        }
        String dir = System.getenv("CSEG_DATA");
        return Path.of(dir != null ? dir : "data", "cdnow", "CDNOW_master.txt");
    }

    /**
     * Per-customer recency (days from the last purchase to 1998-07-01),
     * frequency (purchase rows) and monetary value (total dollars) of a CDNOW
     * file "id yyyymmdd cds dollars", parsed here independently of the library.
     */
    static double[][] cdnowRfm(Path file) throws IOException {
        DateTimeFormatter f = DateTimeFormatter.BASIC_ISO_DATE;
        Map<String, double[]> per = new LinkedHashMap<>(); // last epoch day, count, total
        List<String> lines = Files.readAllLines(file);
        for (String line : lines) {
            String[] t = line.trim().split("\\s+");
            if (t.length < 4 || !t[1].matches("\\d{8}")) {
                continue; // header
            }
            long day = LocalDate.parse(t[1], f).toEpochDay();
            double[] c = per.computeIfAbsent(t[0], k -> new double[] {Double.NEGATIVE_INFINITY, 0, 0});
            c[0] = Math.max(c[0], day);
            c[1] += 1;
            c[2] += Double.parseDouble(t[3]);
        }
        long end = LocalDate.of(1998, 7, 1).toEpochDay();
        int n = per.size();
        double[][] out = new double[3][n];
        int i = 0;
        for (double[] c : per.values()) {
            out[0][i] = end - c[0];
            out[1][i] = c[1];
            out[2][i] = c[2];
            i++;
        }
        return out;
    }

    /** 1 + #{j : v > c_j}: the bin a cut-point list puts v in. */
    static int bin(double v, double[] cuts) {
        int b = 1;
        for (double c : cuts) {
            if (v > c) {
                b++;
            }
        }
        return b;
    }

    static double mean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    static double median(double[] v) {
        double[] s = Arrays.stream(v).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }

    static double sampleStd(double[] v) {
        double m = mean(v);
        double ss = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                ss += (x - m) * (x - m);
                n++;
            }
        }
        return n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1));
    }

    static void assertClose(double expected, double actual, double rel, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
            return;
        }
        TestData.assertRel(expected, actual, rel, what);
    }
}
