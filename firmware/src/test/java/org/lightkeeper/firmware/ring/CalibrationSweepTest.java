package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * The coded calibration sweep (four lane sets a stage instead of eight single lanes) against the
 * lane-by-lane sweep it replaces: the same lines at the same heater powers on the simulated devkit, in
 * fewer lane gates and less time; its demultiplexing on synthetic traces; and the fallback to lane by
 * lane where more lines meet at one heater power than the code can tell apart.
 */
class CalibrationSweepTest {
    private static final long MS = 1_000_000L;

    /** A finished calibration sweep of engine 0: peaks [ring][lane], when it finished, its gates. */
    record Swept(double[][] peaks, long doneNs, int gates, boolean fellBack) { }

    static Swept sweep(BoardSpec spec, boolean coded) {
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        Firmware fw = new Firmware(spec, sim, clock);
        EngineLock lock = fw.engines().get(0);
        lock.codedGating(coded);
        long step = spec.control().ringPeriodNs();
        boolean began = false;
        for (long t = step; t <= 5_000 * MS; t += step) {
            fw.runUntil(t, clock::advanceTo);
            began |= lock.calibrating();
            if (began && !lock.calibrating()) {
                double[][] p = new double[lock.ringCount()][ElsLanes.LANES];
                for (int i = 0; i < p.length; i++) {
                    for (int l = 0; l < ElsLanes.LANES; l++) {
                        p[i][l] = lock.sweptPeakMw(i, l);
                    }
                }
                return new Swept(p, t, lock.sweepGates(), lock.sweepFellBack());
            }
        }
        throw new AssertionError("no calibration sweep finished");
    }

    /**
     * Every line the lane-by-lane sweep finds below 18 mW, the coded one finds within 0.02 mW, and none
     * besides (measured 0.003 mW at worst over 76 lines). Above 18 mW the loopback stage's last steps run
     * into the engine's heater budget (240 mW, with the transmit rings parked) and the lane-by-lane
     * traces dip there: their "peaks" at 19.6-19.9 mW are that dip, not lines.
     */
    @Test
    void findsTheLinesTheLaneByLaneSweepFindsInFewerGates() {
        BoardSpec spec = BoardFile.load("devkit");
        Swept coded = sweep(spec, true);
        Swept single = sweep(spec, false);
        int lines = 0;
        for (int i = 0; i < single.peaks.length; i++) {
            for (int l = 0; l < ElsLanes.LANES; l++) {
                double c = coded.peaks[i][l];
                double s = single.peaks[i][l];
                if (c > 18 || s > 18) {
                    continue;
                }
                String what = "ring " + i + " lane " + l + ": coded " + c + ", lane by lane " + s;
                assertEquals(Double.isNaN(s), Double.isNaN(c), what);
                if (!Double.isNaN(s)) {
                    // Within 0.003 mW on the traces as recorded; each lane's traces unshadowed (Peak.unshadow),
                    // the demultiplexing's residue is divided too, and ring 9's lane 1 moves 0.04 mW (10 pm):
                    // enough to move the devkit's first line hops past linewidth/10 (LineHopTest), which is
                    // why coded gating is the board file's choice, off by default (docs/control.md).
                    assertEquals(s, c, 0.05, what);
                    lines++;
                }
            }
        }
        assertTrue(lines >= 70, lines + " lines compared");
        assertFalse(coded.fellBack);
        // Two stages: 4 gates for the first, 3 for the second (it starts under the lanes the first ended with).
        assertEquals(7, coded.gates);
        assertEquals(16, single.gates);
        // The shipped devkit declares its heaters' time constant, so both sweep faster than the ring tick
        // (SweepPaceTest): 364.5 ms against 526.5 (on the tick, without it: 584.5 against 970.0).
        assertTrue(single.doneNs - coded.doneNs > 150 * MS,
                "coded sweep done at " + coded.doneNs / 1e6 + " ms, lane by lane at " + single.doneNs / 1e6 + " ms");
    }

    /**
     * A comb spaced a third of an FSR (522.6 GHz: 2.99 nm near 1310 nm) puts three lines at each heater
     * power a ring meets one: the code cannot tell three apart, so the engine is swept again lane by lane
     * and ends with what the lane-by-lane sweep finds.
     */
    @Test
    void fallsBackToLaneByLaneWhereMoreLinesMeetThanTheCodeTellsApart() {
        String text = BoardVariants.text("devkit").replace("spacing_ghz: -200", "spacing_ghz: -522.6");
        BoardSpec spec = BoardFile.parse("devkit-third-fsr-comb", new StringReader(text));
        Swept coded = sweep(spec, true);
        Swept single = sweep(spec, false);
        assertTrue(coded.fellBack, "the coded sweep found the lines ambiguous");
        assertEquals(4 + 16, coded.gates, "the first stage's 4 coded gates, then lane by lane, 8 a stage");
        int lines = 0;
        for (int i = 0; i < single.peaks.length; i++) {
            for (int l = 0; l < ElsLanes.LANES; l++) {
                double s = single.peaks[i][l];
                assertEquals(s, coded.peaks[i][l], 0.02, "ring " + i + " lane " + l);
                lines += Double.isNaN(s) ? 0 : 1;
            }
        }
        assertTrue(lines > 0);
    }

    /** Lorentzian line of height {@code a} at sample {@code at}, half width 2 samples (the devkit's 1 mW FWHM at 0.25 mW). */
    private static double line(double a, double at, int s) {
        double u = (s - at) / 2.0;
        return a / (1 + u * u);
    }

    /**
     * Synthetic traces: the sum of single-lane readings under each coded pattern. Lines met 18 samples
     * apart (a line spacing) are each given back to their own lane within 3 % of its peak wherever the
     * light is a line's (the all-lanes reading at least {@link CalibrationSweep#LIT_SHARE} of its
     * maximum; in the valleys the tails of five lines are shared out less exactly, a few per cent of a
     * peak, which {@link CalibrationSweep#DOMINANT} keeps from being taken for a line); two lines at one
     * heater power (lanes 2 and 5) are told apart exactly; three at one power are refused.
     */
    @Test
    void demultiplexesSyntheticSweeps() {
        int n = 81;
        double[][] truth = new double[ElsLanes.LANES][n];
        double[] at = {4, 22, 40, 58, 76};
        int[] laneAt = {3, 4, 5, 6, 7}; // a ring meeting lanes 3-7 in comb order
        for (int k = 0; k < at.length; k++) {
            for (int s = 0; s < n; s++) {
                truth[laneAt[k]][s] = line(0.3, at[k], s);
            }
        }
        double[][][] lanes = new double[ElsLanes.LANES][1][n];
        double[][][] coded = codedOf(truth, n);
        assertTrue(CalibrationSweep.demux(coded, 0, n, lanes));
        for (int s = 0; s < n; s++) {
            if (coded[0][0][s] < CalibrationSweep.LIT_SHARE * 0.3) {
                continue;
            }
            for (int l = 0; l < ElsLanes.LANES; l++) {
                assertEquals(truth[l][s], lanes[l][0][s], 0.03 * 0.3, "lane " + l + " sample " + s);
            }
        }

        double[][] two = new double[ElsLanes.LANES][n];
        for (int s = 0; s < n; s++) {
            two[2][s] = line(0.3, 40, s);
            two[5][s] = line(0.2, 40.5, s);
        }
        assertTrue(CalibrationSweep.demux(codedOf(two, n), 0, n, lanes));
        for (int s = 0; s < n; s++) {
            assertEquals(two[2][s], lanes[2][0][s], 1e-12, "lane 2 sample " + s);
            assertEquals(two[5][s], lanes[5][0][s], 1e-12, "lane 5 sample " + s);
            assertEquals(0, lanes[0][0][s], 1e-12, "lane 0 sample " + s);
        }

        double[][] three = new double[ElsLanes.LANES][n];
        for (int s = 0; s < n; s++) {
            three[1][s] = line(0.3, 40, s);
            three[2][s] = line(0.25, 40, s);
            three[4][s] = line(0.2, 40, s);
        }
        assertFalse(CalibrationSweep.demux(codedOf(three, n), 0, n, lanes));
    }

    /** What one ring reads under each coded pattern: the sum of its single-lane readings over the lit lanes. */
    private static double[][][] codedOf(double[][] perLane, int n) {
        double[][][] coded = new double[CalibrationSweep.CODED.length][1][n];
        for (int p = 0; p < coded.length; p++) {
            for (int l = 0; l < ElsLanes.LANES; l++) {
                if ((CalibrationSweep.CODED[p] >> l & 1) != 0) {
                    for (int s = 0; s < n; s++) {
                        coded[p][0][s] += perLane[l][s];
                    }
                }
            }
        }
        return coded;
    }
}
