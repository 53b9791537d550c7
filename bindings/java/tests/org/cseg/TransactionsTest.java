package org.cseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionsTest {
    @TempDir
    Path tmp;

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, text.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    @Test
    void fromArraysOfDates() {
        String[] ids = {"a", "b", "a", "a", "a", "b"};
        LocalDate d0 = LocalDate.of(2024, 1, 1);
        LocalDate[] dates = {d0, d0.plusDays(3), d0.plusDays(7), d0.plusDays(7), d0.plusDays(14), d0.plusDays(40)};
        double[] amounts = {10, 5, 3, 4, 7, 9};
        try (Transactions tx = Transactions.of(ids, dates, amounts)) {
            assertEquals(6, tx.nRows());
            assertEquals(2, tx.nCustomers());
            assertArrayEquals(new String[] {"a", "b"}, tx.customerIds());
            assertEquals("b", tx.customerId(1));
            assertThrows(IndexOutOfBoundsException.class, () -> tx.customerId(2));
            assertEquals(d0, tx.firstDate());
            assertEquals(d0.plusDays(40), tx.lastDate());

            // Calibration to day 14 (included), holdout to day 40, in days.
            ClvSummary s = tx.summary(d0.plusDays(14), d0.plusDays(40), ClvSummary.Unit.DAYS);
            assertEquals(2, s.size());
            assertArrayEquals(new String[] {"a", "b"}, s.ids());
            // a: days 0, 7 (7 = 3 + 4, one purchase), 14 -> x = 2, t_x = 14, T = 14, zbar = (7 + 7) / 2
            assertArrayEquals(new double[] {2, 0}, s.frequency());
            assertArrayEquals(new double[] {14, 0}, s.recency());
            assertArrayEquals(new double[] {14, 11}, s.T());
            assertArrayEquals(new double[] {7, 0}, s.monetaryValue());
            assertArrayEquals(new double[] {0, 1}, s.frequencyHoldout());
            assertArrayEquals(new double[] {0, 9}, s.monetaryValueHoldout());
            assertEquals(26.0, s.durationHoldout());
            assertEquals(d0.plusDays(3), s.firstPurchase(1));
            assertArrayEquals(new long[] {d0.toEpochDay(), d0.plusDays(3).toEpochDay()}, s.firstPurchaseDays());

            ClvSummary w = tx.summary(d0.plusDays(14), ClvSummary.Unit.WEEKS);
            assertEquals(2.0, w.T()[0], 1e-15);
            assertEquals(11.0 / 7.0, w.T()[1], 1e-15);
            assertArrayEquals(new double[] {0, 0}, w.frequencyHoldout());
            assertEquals(0.0, w.durationHoldout());
            // Customers who first bought after the calibration end are left out.
            assertEquals(1, tx.summary(d0.plusDays(1), ClvSummary.Unit.DAYS).size());
        }
    }

    @Test
    void fromEpochDaysWithQuantities() {
        try (Transactions tx = Transactions.of(new String[] {"x", "y"}, new long[] {-1, 0}, new double[] {1, -2},
            new double[] {3, 4})) {
            assertEquals(LocalDate.of(1969, 12, 31), tx.firstDate());
            assertEquals(LocalDate.of(1970, 1, 1), tx.lastDate());
        }
    }

    @Test
    void readWithHeaderNamesAndCsv() throws IOException {
        Path p = write("tx.csv", "when,amount,who,qty\n2024-01-01,10.5,\"c,1\",1\n2024-02-01,2,c2,2\n"
            + "2024-03-01,3,\"c,1\",1\n");
        try (Transactions tx = Transactions.read(p, new Transactions.ReadOptions()
            .idColumn("who").dateColumn("when").amountColumn("amount").quantityColumn("qty")
            .dateFormat(Transactions.DateFormat.ISO))) {
            assertEquals(3, tx.nRows());
            assertArrayEquals(new String[] {"c,1", "c2"}, tx.customerIds());
        }
    }

    @Test
    void readDefaultsAndSkippedRows() throws IOException {
        Path p = write("tx.tsv", "id\tdate\tamount\nc1\t20240101\t1\nc1\tnot-a-date\t2\nc2\t2024-01-05\t3\n");
        CsegException e = assertThrows(CsegException.class, () -> Transactions.read(p));
        assertEquals(Status.FORMAT, e.getStatus());
        assertEquals(true, e.getMessage().contains("tx.tsv:3"), e.getMessage());
        try (Transactions tx = Transactions.read(p, new Transactions.ReadOptions().skipBadRows(true))) {
            assertEquals(2, tx.nRows());
            assertEquals(1, tx.nSkipped());
        }
    }

    @Test
    void utf8IdsRoundTrip() throws IOException {
        String id = "caf\u00e9-\ud83d\ude00";
        try (Transactions tx = Transactions.of(new String[] {id}, new long[] {1}, new double[] {1})) {
            assertEquals(id, tx.customerId(0));
            assertEquals(id, tx.summary(LocalDate.ofEpochDay(5), ClvSummary.Unit.DAYS).ids()[0]);
        }
        Path p = write("caf\u00e9.txt", id + " 2024-01-01 1\n");
        try (Transactions tx = Transactions.read(p)) {
            assertEquals(id, tx.customerId(0));
        }
    }

    @Test
    void cdnowMasterWithItsHeader() {
        Path master = TestData.cdnowSample().resolveSibling("CDNOW_master.txt");
        try (Transactions tx = Transactions.read(master, new Transactions.ReadOptions()
            .idColumn("customer_id").dateColumn("date").amountColumn("dollar_value"))) {
            assertEquals(69659, tx.nRows());
            assertEquals(23570, tx.nCustomers());
        }
    }
}
