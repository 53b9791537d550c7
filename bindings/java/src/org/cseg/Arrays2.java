package org.cseg;

/* Small array conversions shared by the public classes. */
final class Arrays2 {
    private Arrays2() {
    }

    static double[][] unflatten(double[] flat, int rows, int cols) {
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = new double[cols];
            System.arraycopy(flat, i * cols, out[i], 0, cols);
        }
        return out;
    }

    static int[] toInt(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i]; // labels are < k, runner-ups >= -1
        }
        return out;
    }

    static long[] toLong(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
