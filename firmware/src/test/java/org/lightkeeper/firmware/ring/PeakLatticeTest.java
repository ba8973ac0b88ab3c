package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeakLatticeTest {
    private static final double N = Double.NaN;

    @Test
    void fitsEachRingsStepAcrossTheCombsWrapAndItsOwnFsr() {
        // Ring 0 meets lines 6 and 7, then 0 and 1 one order on; its FSR is 7.9 spacings, not the
        // comb's 8: a fit across the wrap on the comb period would tilt the slope.
        double k = 3.7;
        double[] row = new double[8];
        for (int l = 0; l < 8; l++) {
            double u = l >= 6 ? l : l + 7.9;
            double p = k * (u - 5.6);
            row[l] = p <= 20 ? p : N;
        }
        double[][] m = {row, row.clone()};
        PeakLattice lattice = PeakLattice.fit(m, 19.5);
        assertEquals(k, lattice.mwPerLine[0], 1e-9);
        // Frames climb line by line across the wrap, by the ring's own FSR.
        assertEquals(lattice.frame(0, 7) + 0.9, lattice.frame(0, 0), 1e-9);
        assertEquals(lattice.frame(0, 6) + 1, lattice.frame(0, 7), 1e-9);
    }

    @Test
    void keepsEachRingsOwnPeriodWhereItsSweepCrossedTheWrap() {
        // Three rings meet line 7 and then line 0 one order on, with periods 7.92, 8.0 and 8.08
        // spacings (the simulator's +-1 % FSR spread); a fourth never reaches line 0 again.
        double k = 3.7;
        double[] periods = {7.92, 8.0, 8.08};
        double[][] m = new double[4][8];
        for (int j = 0; j < 3; j++) {
            for (int l = 0; l < 8; l++) {
                double u = l >= 5 ? l : l + periods[j];
                double p = k * (u - 4.6);
                m[j][l] = p <= 20 ? p : N;
            }
        }
        for (int l = 0; l < 8; l++) {
            double p = k * (l - 0.4);
            m[3][l] = p <= 20 ? p : N;
        }
        PeakLattice lattice = PeakLattice.fit(m, 19.5);
        for (int j = 0; j < 3; j++) {
            assertEquals(periods[j], lattice.ownPeriodLines[j], 1e-9);
        }
        assertTrue(Double.isNaN(lattice.ownPeriodLines[3]), "no wrap seen: " + lattice.ownPeriodLines[3]);
        assertEquals(8.0, lattice.periodLines, 1e-9);
    }

    @Test
    void dropsAPeakOffTheLatticeAndRestoresALostOne() {
        double k = 3.8;
        double[] row = new double[8];
        for (int l = 0; l < 8; l++) {
            double p = k * (l - 0.4);
            row[l] = p <= 20 ? p : N;
        }
        double[] ring = row.clone();
        ring[2] = N;          // lost
        ring[6] = 18.6;       // phantom: the ring meets line 6 at 21.3 mW, past its heater
        PeakLattice lattice = PeakLattice.fit(new double[][] {row, ring}, 19.5);
        assertTrue(Double.isNaN(lattice.powerMw[1][6]), "phantom dropped: " + lattice.powerMw[1][6]);
        assertEquals(row[2], lattice.powerMw[1][2], 1e-9);
        assertEquals(row[3], lattice.powerMw[1][3], 1e-12);
    }

    @Test
    void aShadowedPeakIsLeftOutOfTheFitAndReplacedByIt() {
        // Ring 0 crosses line 3 0.28 mW before ring 1 does and takes most of the light there: ring 1's
        // peak is pushed 0.4 mW away (within the lattice's tolerance, so it would stand and tilt the fit).
        double[] upstream = new double[8];
        double[] ring = new double[8];
        for (int l = 0; l < 8; l++) {
            double p0 = 6 * (l - 1.4);
            double p1 = 3.8 * (l - 0.4);
            upstream[l] = p0 >= 0 && p0 <= 20 ? p0 : N;
            ring[l] = p1 <= 20 ? p1 : N;
        }
        double truth = ring[3];
        ring[3] += 0.4;
        PeakLattice lattice = PeakLattice.fit(new double[][] {upstream, ring}, 19.5);
        assertEquals(3.8, lattice.mwPerLine[1], 1e-9);
        assertEquals(truth, lattice.powerMw[1][3], 1e-9);
        assertEquals(ring[2], lattice.powerMw[1][2], 1e-12, "unshadowed peaks stand as measured");
        assertEquals(0.4, lattice.misfitMw[1], 1e-9, "the ring's estimates are as unsure as its worst peak");
        assertEquals(0, lattice.misfitMw[0], 1e-9);
    }

    @Test
    void aRingShadowedOnEveryLineIsUnsure() {
        // Ring 1 sits 0.3 mW above ring 0 on every line (resonances nearly coinciding): every peak is
        // shadowed, none can be replaced by a clean fit, so its estimates are a shadow's push unsure.
        double k = 3.7;
        double[][] m = new double[2][8];
        for (int l = 0; l < 8; l++) {
            m[0][l] = k * (l + 0.5);
            m[1][l] = m[0][l] + 0.3;
            m[0][l] = m[0][l] <= 20 ? m[0][l] : N;
            m[1][l] = m[1][l] <= 20 ? m[1][l] : N;
        }
        PeakLattice lattice = PeakLattice.fit(m, 19.5);
        assertEquals(0, lattice.misfitMw[0], 1e-9);
        assertEquals(PeakLattice.SHADOW_UNSURE_MW, lattice.misfitMw[1], 1e-9);
    }
}
