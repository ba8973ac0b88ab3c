package org.lightkeeper.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lightkeeper.firmware.persist.Calibration;
import org.lightkeeper.firmware.persist.Documents;
import org.lightkeeper.firmware.persist.HeaterCodeJournal;
import org.lightkeeper.firmware.persist.StateStore;
import org.lightkeeper.firmware.ring.RingLockState;
import org.lightkeeper.firmware.state.BoardSnapshot;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.physics.EnginePhysics;

/**
 * Hitless warm restart (issue #7, DESIGN.md section 6): the firmware is abandoned with no shutdown of
 * any kind (as kill -9 leaves it) while every ring is locked and the lanes are lit; a new firmware on
 * the same, still powered board and state directory adopts it. Checked on the simulator's ground
 * truth: no lane goes dark, no heater moves by more than a tracking step, every ring is locked within
 * 100 ms of the new start. The devkit's LTC2668 cannot be read back (heater journal); ref-51t2's EICs can.
 */
class WarmRestartTest {
    private static final long MS = 1_000_000L;
    private static final long STEP = 100_000L;

    /** Runs until {@code untilNs}; every ring with a line must then be locked. Returns how many have one. */
    private static int runAllLocked(Firmware fw, VirtualClock clock, long untilNs) throws Exception {
        fw.runUntil(untilNs, clock::advanceTo);
        fw.awaitPersistence();
        int rings = (int) fw.snapshot().rings().stream().filter(r -> r.lane() >= 0).count();
        assertEquals(rings, fw.snapshot().ringsLocked(), () -> "all locked before the kill: " + fw.snapshot().rings().stream()
                .filter(r -> r.state() != RingLockState.LOCKED).map(r -> r.ring() + " " + r.state() + " " + r.reason()).toList());
        return rings;
    }

    private static double[] heaterTruth(SimBoard sim) {
        int n = 0;
        for (int e = 0; sim.engineCount() > e; e++) {
            n += sim.engine(e).ringCount();
        }
        double[] out = new double[n];
        int k = 0;
        for (int e = 0; sim.engineCount() > e; e++) {
            EnginePhysics p = sim.engine(e);
            for (int i = 0; i < p.ringCount(); i++) {
                out[k++] = p.heaterPowerMw(i);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"devkit", "ref-51t2"})
    void aKilledFirmwareIsReplacedWithoutALaneOrHeaterMoving(String board, @TempDir Path dir) throws Exception {
        RestartFixture rig = new RestartFixture(board, dir);
        BoardSpec spec = rig.spec;
        VirtualClock clock = rig.clock;
        SimBoard sim = rig.sim;
        Firmware first = rig.start();
        int withLine = runAllLocked(first, clock, 3_000 * MS);
        assertTrue(withLine >= spec.ringCount() - 2, withLine + " rings have a line");
        // Let the calibration save complete, then keep tracking a while: the kill comes mid-operation.
        first.runUntil(3_500 * MS, clock::advanceTo);
        assertEquals(withLine, first.snapshot().ringsLocked());
        // kill -9: the first firmware is never stepped again and nothing of it is shut down.
        int slots = spec.elsSlots().size();
        int[] litAtKill = new int[slots];
        for (int s = 0; s < slots; s++) {
            litAtKill[s] = rig.litLanes(s);
            assertTrue(litAtKill[s] != 0, "slot " + s + " lit before the kill");
        }
        double[] heatersAtKill = heaterTruth(sim);
        Calibration cal = StateStore.open(dir).load(Documents.CALIBRATION).orElseThrow();
        // Per ring (by its place on the board): one tracking step, the dither (+-h/32) and the tracker's
        // largest integral step (h/4); a ring without a line must hold its heater exactly.
        double[] bound = new double[heatersAtKill.length];
        int k = 0;
        for (BoardSpec.EngineSpec es : spec.engines()) {
            Calibration.Engine e = cal.engine(es.engine()).orElseThrow();
            for (BoardSpec.RingSpec rs : es.rings()) {
                int id = rs.id();
                bound[k++] = e.ring(id).filter(r -> r.resonance() != null)
                        .map(r -> r.resonance().halfWidthMw() * (1.0 / 4 + 2.0 / 32)).orElse(0.0);
            }
        }

        long start = clock.nanos();
        Firmware second = rig.start();
        long allLocked = -1;
        double worst = 0;
        long step = spec.control().ringPeriodNs();
        for (long t = start + step; t <= start + 200 * MS; t += step) {
            second.runUntil(t, clock::advanceTo);
            for (int s = 0; s < slots; s++) {
                assertEquals(litAtKill[s], rig.litLanes(s) & litAtKill[s], "no lane dark at +" + (t - start) / 1e6 + " ms");
            }
            double[] h = heaterTruth(sim);
            for (int i = 0; i < h.length; i++) {
                double moved = Math.abs(h[i] - heatersAtKill[i]);
                if (bound[i] > 0) {
                    worst = Math.max(worst, moved / bound[i]);
                }
                int ring = i;
                long at = t - start;
                assertTrue(moved <= bound[i], () -> String.format("ring %d heater moved %.4f mW (bound %.4f) at +%.1f ms: %s; %s",
                        ring, moved, bound[ring], at / 1e6, second.publishNow().rings().get(ring).reason(),
                        second.slots().stream().flatMap(x -> x.transitions().stream()).toList()));
            }
            if (allLocked < 0 && second.publishNow().ringsLocked() == withLine) {
                allLocked = t - start;
            }
        }
        assertTrue(allLocked >= 0 && allLocked <= 100 * MS, "every ring locked " + allLocked / 1e6 + " ms after the start");
        assertTrue(second.startLog().stream().allMatch(l -> !l.contains("cold start")), String.join("\n", second.startLog()));
        for (var slot : second.slots()) {
            assertTrue(slot.adoptedRunning(), "slot " + slot.slot() + " adopted: " + slot.transitions());
            assertFalse(slot.transitions().stream().anyMatch(x -> x.contains("-> PRESENT")), "no reset: " + slot.transitions());
        }
        BoardSnapshot s = second.publishNow();
        for (BoardSnapshot.Ring r : s.rings()) {
            if (r.lane() < 0) {
                continue;
            }
            assertEquals(RingLockState.LOCKED, r.state());
            assertEquals(r.lane(), sim.truth().get(r.ring()).nearestLane(), "ring " + r.ring() + " still on its line");
        }
        assertTrue(worst > 0, "the heaters did track after the restart");
        second.awaitPersistence();
    }

    @Test
    void withoutTheHeaterJournalTheRingsAreAcquiredAgainAndTheReasonIsLogged(@TempDir Path dir) throws Exception {
        RestartFixture rig = new RestartFixture("devkit", dir);
        VirtualClock clock = rig.clock;
        Firmware first = rig.start();
        assertEquals(16, runAllLocked(first, clock, 3_000 * MS));
        Files.delete(dir.resolve(HeaterCodeJournal.FILE_NAME));

        Firmware second = rig.start();
        second.runUntil(clock.nanos() + 1_000 * MS, clock::advanceTo);
        List<String> log = second.startLog();
        assertTrue(log.stream().anyMatch(l -> l.contains("cold start") && l.contains("no heater journal")), String.join("\n", log));
        // The light never went out (the module was adopted); the rings were found again by a fine sweep.
        assertTrue(second.slots().get(0).adoptedRunning());
        assertEquals(16, second.snapshot().ringsLocked());
        for (BoardSnapshot.Ring r : second.snapshot().rings()) {
            assertEquals(r.lane(), rig.sim.truth().get(r.ring()).nearestLane());
        }
        second.awaitPersistence();
    }

    @Test
    void configurationSurvivesAKill(@TempDir Path dir) throws Exception {
        RestartFixture rig = new RestartFixture("devkit", dir);
        VirtualClock clock = rig.clock;
        Firmware first = rig.start();
        var management = new org.lightkeeper.firmware.grpc.ManagementServices(first, "test");
        assertEquals(16, runAllLocked(first, clock, 3_000 * MS));
        var bias = org.lightkeeper.firmware.alarm.Thresholds.of(org.lightkeeper.firmware.alarm.Quantity.LANE_BIAS,
                190, 170, Double.NaN, 5, 2.5);
        var done = first.execute(() -> {
            management.alarms().setThresholds(bias);
            first.slots().get(0).setOperatorLanes(0xFF & ~(1 << 5));
            first.slots().get(0).setPowerSetpointMw(2, 12.5);
            first.engines().get(0).setLockFraction(1, 0.6);
            return null;
        });
        first.runUntil(clock.nanos() + 5 * MS, clock::advanceTo);
        done.get();
        first.awaitPersistence();
        assertEquals(0, rig.litLanes(0) & (1 << 5), "the operator darkened lane 5");

        management.close();
        Firmware second = rig.start();
        var management2 = new org.lightkeeper.firmware.grpc.ManagementServices(second, "test");
        assertEquals(bias, management2.alarms().thresholds(org.lightkeeper.firmware.alarm.Quantity.LANE_BIAS));
        for (long t = clock.nanos() + STEP, end = clock.nanos() + 500 * MS; t <= end; t += STEP) {
            second.runUntil(t, clock::advanceTo);
            assertEquals(0, rig.litLanes(0) & (1 << 5), "lane 5 stays dark across the restart");
        }
        assertEquals(0xFF & ~(1 << 5), second.slots().get(0).operatorLanes());
        assertEquals(12.5, second.slots().get(0).powerSetpointMw(2), 1e-9);
        assertEquals(0.6, second.engines().get(0).lockFraction(1), 1e-12);
        assertEquals(first.configuration(), second.configuration());
        management2.close();
        second.awaitPersistence();
    }

    @Test
    void aCorruptConfigurationFallsBackToThePreviousGenerationWithAnAlarm(@TempDir Path dir) throws Exception {
        RestartFixture rig = new RestartFixture("devkit", dir);
        VirtualClock clock = rig.clock;
        Firmware first = rig.start();
        first.runUntil(100 * MS, clock::advanceTo);
        first.execute(() -> {
            first.slots().get(0).setOperatorLanes(0x7F);
            return null;
        });
        first.runUntil(200 * MS, clock::advanceTo);
        first.awaitPersistence();
        first.execute(() -> {
            first.slots().get(0).setOperatorLanes(0x3F);
            return null;
        });
        first.runUntil(300 * MS, clock::advanceTo);
        first.awaitPersistence();
        List<Long> gens = StateStore.open(dir).generations("config");
        Path newest = dir.resolve(StateStore.fileName("config", java.util.Collections.max(gens)));
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 5] ^= 0x20; // one flipped bit in the payload: the CRC refuses it
        Files.write(newest, bytes);

        Firmware second = rig.start();
        var management = new org.lightkeeper.firmware.grpc.ManagementServices(second, "test");
        second.runUntil(clock.nanos() + 200 * MS, clock::advanceTo);
        assertEquals(0x7F, second.slots().get(0).operatorLanes(), "the previous generation is in force");
        assertEquals(1, second.stateFileRejects());
        assertTrue(management.alarms().flags().stream().anyMatch(f -> f.active()
                && f.subject().quantity() == org.lightkeeper.firmware.alarm.Quantity.STATE_FILE_REJECTS),
                "alarmed: " + management.alarms().flags());
        management.close();
        second.awaitPersistence();
    }
}
