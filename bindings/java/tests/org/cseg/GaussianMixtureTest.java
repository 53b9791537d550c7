package org.cseg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class GaussianMixtureTest {
    /* sklearn's fit from the same start (tests/fixtures/gmm/gen_gmm.py). */
    @Test
    void matchesSklearnFromSameStart() throws Exception {
        double[][] x = TestData.readMats("gmm/gmm_wholesale_x.txt").get(0);
        List<double[][]> init = TestData.readMats("gmm/gmm_wholesale_diag_init.txt");
        List<double[][]> ref = TestData.readMats("gmm/gmm_wholesale_diag_ref.txt");
        int k = init.get(0)[0].length;
        try (Dataset ds = new Dataset(x);
             GaussianMixture gm = GaussianMixture.builder(k).covarianceType(GaussianMixture.Covariance.DIAG)
                 .initial(init.get(0)[0], init.get(1), init.get(2)[0]).build(x[0].length).fit(ds)) {
            assertEquals(ref.get(0)[0][0], gm.lowerBound(), 1e-6 * Math.abs(ref.get(0)[0][0]));
            assertEquals((int) ref.get(0)[0][1], gm.nIter());
            assertTrue(gm.converged());
            assertArrayEquals(ref.get(1)[0], gm.weights(), 1e-6);
            assertArrayEquals(ref.get(3)[0], gm.covariances(), 1e-6);
            double[][] p = gm.predictProba(ds);
            for (int i = 0; i < x.length; i++) {
                assertArrayEquals(ref.get(5)[i], p[i], 1e-6);
            }
            double[] ll = gm.scoreSamples(ds);
            assertEquals(ref.get(6)[7][0], ll[7], 1e-6 * Math.abs(ll[7]));
            assertEquals(ref.get(7)[0][0], gm.bic(), 1e-6 * Math.abs(gm.bic()));
            assertEquals(ref.get(7)[0][0], gm.bic(ds), 1e-6 * Math.abs(gm.bic()));
            assertEquals(ref.get(7)[0][1], gm.aic(ds), 1e-6 * Math.abs(gm.aic()));
            assertEquals(gm.nParameters(), (gm.aic(ds) + 2 * x.length * gm.score(ds)) / 2, 1e-6);
            long[] labels = gm.labels();
            try (Assignment a = gm.assign(ds); GaussianMixture back = GaussianMixture.fromBytes(gm.toBytes())) {
                assertArrayEquals(labels, a.labelsLong());
                assertArrayEquals(p[3], back.predictProba(ds)[3], 0.0);
            }
        }
    }

    @Test
    void badInputs() throws Exception {
        double[][] x = TestData.readMats("gmm/gmm_blobs_x.txt").get(0);
        try (Dataset ds = new Dataset(x)) {
            assertThrows(CsegException.class, () -> GaussianMixture.builder(0).build());
            assertThrows(CsegException.class, () -> GaussianMixture.builder(2).regCovar(-1).build());
            assertThrows(CsegException.class,
                () -> GaussianMixture.builder(2).initial(new double[] {0.2, 0.2}, null, null).build(3));
            try (GaussianMixture gm = GaussianMixture.builder(2).build()) {
                assertThrows(CsegException.class, () -> gm.predictProba(ds));
                assertThrows(CsegException.class, gm::lowerBound);
            }
            try (GaussianMixture gm = GaussianMixture.builder(x.length + 1).build()) {
                assertThrows(CsegException.class, () -> gm.fit(ds));
            }
        }
    }
}
