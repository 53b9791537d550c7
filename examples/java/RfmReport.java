import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cseg.Dataset;
import org.cseg.Pca;
import org.cseg.Profile;
import org.cseg.Rfm;
import org.cseg.RfmResult;
import org.cseg.Rules;
import org.cseg.RulesResult;

/**
 * A marketing report from a raw purchase log (CDNOW: "id yyyymmdd cds
 * dollars"): RFM segments, a few business rules on top, a profile of the
 * segments and a 2-D PCA map of where they sit.
 *
 * <p>Usage: {@code java -cp cseg.jar:. RfmReport CDNOW_master.txt}
 */
public final class RfmReport {
    private RfmReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: RfmReport CDNOW_master.txt");
            System.exit(2);
        }
        double[][] rows = readLog(Path.of(args[0]), LocalDate.of(1998, 7, 1));
        int n = rows.length;
        double[] recency = new double[n];
        double[] frequency = new double[n];
        double[] monetary = new double[n];
        for (int i = 0; i < n; i++) {
            recency[i] = rows[i][0];
            frequency[i] = rows[i][1];
            monetary[i] = rows[i][2];
        }

        RfmResult r;
        try (Rfm rfm = Rfm.builder().nBins(5).binning(Rfm.Binning.BALANCED).build()) {
            r = rfm.compute(recency, frequency, monetary);
        }
        System.out.printf("%d customers; frequency cut points %s%n", n,
            Arrays.toString(r.cuts(Rfm.Dimension.FREQUENCY)));
        String[] names = r.segmentNames();
        long[] sizes = r.segmentSizes();
        for (int s = 0; s < names.length; s++) {
            System.out.printf("  %-20s %6d%n", names[s], sizes[s]);
        }

        try (Dataset ds = new Dataset(rows).setColumnNames("recency", "frequency", "monetary")) {
            try (Rules rules = Rules.parse("# campaigns, first match wins\n"
                    + "monetary > 2000 -> \"Whales\"\n"
                    + "recency <= 90 and frequency <= 2 -> \"Welcome series\"\n"
                    + "monetary < 0 -> \"Refund check\"\n")) {
                rules.setFallbackName("No campaign");
                RulesResult rr = rules.apply(ds);
                System.out.printf("Rules: %s per rule, unused rules %s, %d customers in '%s'%n",
                    Arrays.toString(rr.ruleCounts()), Arrays.toString(rr.unusedRules()),
                    rr.nUnmatched(), rr.segmentNames()[rr.segmentNames().length - 1]);
            }

            try (Profile p = Profile.of(ds, r.segmentIndices(), names.length)) {
                double[][] mean = p.mean();
                System.out.println("Profile of the RFM segments (mean recency, frequency, monetary; automatic name):");
                for (int s = 0; s < names.length; s++) {
                    System.out.printf("  %-20s %7.1f %6.2f %9.2f  %s%n", names[s], mean[s][0], mean[s][1],
                        mean[s][2], p.segmentName(s));
                }
            }

            // PCA of log1p features (spend is heavy-tailed), then standardised.
            double[][] z = standardised(rows);
            try (Dataset zs = new Dataset(z); Pca pca = Pca.fit(zs, 2)) {
                double[][] xy = pca.transform(zs);
                double[] ratio = pca.explainedVarianceRatio();
                System.out.printf("PCA: 2 components explain %.1f %% of the variance%n",
                    100 * (ratio[0] + ratio[1]));
                int[] seg = r.segmentIndices();
                double[][] centre = new double[names.length][2];
                for (int i = 0; i < n; i++) {
                    centre[seg[i]][0] += xy[i][0] / sizes[seg[i]];
                    centre[seg[i]][1] += xy[i][1] / sizes[seg[i]];
                }
                for (int s = 0; s < names.length; s++) {
                    if (sizes[s] > 0) {
                        System.out.printf("  %-20s (%6.2f, %6.2f)%n", names[s], centre[s][0], centre[s][1]);
                    }
                }
            }
        }
    }

    /* Recency (days before `end`), purchases and total spend per customer. */
    static double[][] readLog(Path file, LocalDate end) throws IOException {
        Map<String, double[]> per = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] t = line.trim().split("\\s+");
            if (t.length < 4 || !t[1].matches("\\d{8}")) {
                continue; // header or blank
            }
            long day = LocalDate.parse(t[1], DateTimeFormatter.BASIC_ISO_DATE).toEpochDay();
            double[] c = per.computeIfAbsent(t[0], k -> new double[] {Double.NEGATIVE_INFINITY, 0, 0});
            c[0] = Math.max(c[0], day);
            c[1] += 1;
            c[2] += Double.parseDouble(t[3]);
        }
        double[][] out = new double[per.size()][];
        int i = 0;
        for (double[] c : per.values()) {
            out[i++] = new double[] {end.toEpochDay() - c[0], c[1], c[2]};
        }
        return out;
    }

    static double[][] standardised(double[][] rows) {
        int n = rows.length;
        int d = rows[0].length;
        double[][] z = new double[n][d];
        for (int j = 0; j < d; j++) {
            double m = 0;
            double ss = 0;
            for (int i = 0; i < n; i++) {
                z[i][j] = Math.log1p(Math.max(0, rows[i][j]));
                m += z[i][j] / n;
            }
            for (int i = 0; i < n; i++) {
                ss += (z[i][j] - m) * (z[i][j] - m);
            }
            double sd = Math.sqrt(ss / (n - 1));
            for (int i = 0; i < n; i++) {
                z[i][j] = (z[i][j] - m) / (sd > 0 ? sd : 1);
            }
        }
        return z;
    }
}
