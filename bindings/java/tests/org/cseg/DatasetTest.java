package org.cseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
    @TempDir
    Path tmp;

    @Test
    void rowsAndFlatAgree() {
        double[][] rows = {{1, 2, 3}, {4, 5, 6}};
        try (Dataset a = new Dataset(rows); Dataset b = new Dataset(new double[] {1, 2, 3, 4, 5, 6}, 2, 3)) {
            assertEquals(2, a.nRows());
            assertEquals(3, a.nCols());
            assertArrayEquals(rows, a.toArray());
            assertArrayEquals(a.toRowMajor(), b.toRowMajor());
            assertArrayEquals(new String[] {"0", "1"}, a.ids());
            assertArrayEquals(new String[] {"x0", "x1", "x2"}, a.columnNames());
            assertEquals("Dataset[2 x 3]", a.toString());
        }
    }

    @Test
    void dataIsCopied() {
        double[][] rows = {{1, 2}, {3, 4}};
        try (Dataset ds = new Dataset(rows)) {
            rows[0][0] = 99;
            assertEquals(1.0, ds.toArray()[0][0]);
        }
    }

    @Test
    void namesAndIdsRoundTrip() {
        try (Dataset ds = new Dataset(new double[][] {{1, 2}, {3, 4}})) {
            ds.setColumnNames("Frühstück", "日本").setIds("kunde-ä", "😀");
            assertArrayEquals(new String[] {"Frühstück", "日本"}, ds.columnNames());
            assertEquals("😀", ds.id(1));
            assertThrows(IndexOutOfBoundsException.class, () -> ds.id(2));
            assertThrows(IndexOutOfBoundsException.class, () -> ds.columnName(-1));
        }
    }

    @Test
    void wholesaleCsv() {
        Path csv = TestData.wholesaleCsv();
        try (Dataset all = Dataset.readCsv(csv);
             Dataset some = Dataset.readCsv(csv, ',', "Channel", "Milk", "Fresh")) {
            assertEquals(440, all.nRows());
            assertEquals(8, all.nCols());
            assertEquals("Channel", all.columnName(0));
            assertEquals(2, some.nCols());
            assertArrayEquals(new String[] {"Milk", "Fresh"}, some.columnNames());
            assertEquals("2", some.id(0));
            assertArrayEquals(new double[] {9656, 12669}, some.toArray()[0]);
            assertEquals(0, all.nMissing());
        }
    }

    @Test
    void missingValuesAndDelimiter() throws Exception {
        Path csv = tmp.resolve("m.csv");
        Files.write(csv, "id;a;b\nc1;1;NA\nc2;;3\nc3;4;5\n".getBytes(StandardCharsets.UTF_8));
        try (Dataset ds = Dataset.readCsv(csv, ';', "id")) {
            assertEquals(3, ds.nRows());
            assertEquals(2, ds.nMissing());
            assertTrue(Double.isNaN(ds.toArray()[0][1]));
            assertArrayEquals(new String[] {"c1", "c2", "c3"}, ds.ids());
        }
    }
}
