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
import org.lightkeeper.sim.chip.ElsfpProfile;

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
        return sweep(spec, coded, 0);
    }

    /** As {@link #sweep(BoardSpec, boolean)}, every ELS module taking {@code laneOffMs} to turn a lane off. */
    static Swept sweep(BoardSpec spec, boolean coded, long laneOffMs) {
        VirtualClock clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        if (laneOffMs > 0) {
            for (int slot : sim.elsSlotNumbers()) {
                ElsfpProfile slow = sim.els(slot).profile().toBuilder().laneOffMs(laneOffMs).build();
                sim.pullEls(slot);
                sim.insertEls(slot, slow);
            }
        }
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
    /**
     * A module slow to turn a lane off (40 ms of ramp down, reported RAMPING meanwhile) is swept as one that
     * turns it off at once: each lane gate waits for the module to report the lanes it disabled off, not
     * for the enable write. When the gate opened on the write, the light of the lane before stayed on the
     * first steps of the next lane's traces: lane by lane, 11 of the lines below 18 mW came out 0.06-0.2 mW
     * off, 3.8 mW off or not at all (ring 7 lost three). Above 18 mW the two differ anyway (see above).
     */
    @Test
    void aModuleSlowToTurnALaneOffIsSweptAsOneThatTurnsItOffAtOnce() {
        BoardSpec spec = BoardFile.load("devkit");
        for (boolean coded : new boolean[] {false, true}) {
            Swept prompt = sweep(spec, coded);
            Swept slow = sweep(spec, coded, 40);
            StringBuilder differ = new StringBuilder();
            int lines = 0;
            for (int i = 0; i < prompt.peaks.length; i++) {
                for (int l = 0; l < ElsLanes.LANES; l++) {
                    double a = prompt.peaks[i][l];
                    double b = slow.peaks[i][l];
                    if (a > 18 || b > 18) {
                        continue; // the heater budget's dip, not lines (above)
                    }
                    lines += Double.isNaN(a) ? 0 : 1;
                    // Swept later, the same lines under other noise samples (ring 15's lane 7 moves 0.026 mW).
                    if (Double.isNaN(a) != Double.isNaN(b) || Math.abs(a - b) > 0.05) {
                        differ.append(String.format("%n ring %d lane %d: %.3f mW, %.3f mW slow", i, l, a, b));
                    }
                }
            }
            assertTrue(lines > 50, lines + " lines");
            assertEquals("", differ.toString(), (coded ? "coded" : "lane by lane") + ": lines found otherwise on the slow module");
            assertTrue(slow.doneNs > prompt.doneNs, "each gate waits for the lanes to go off");
        }
    }

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
