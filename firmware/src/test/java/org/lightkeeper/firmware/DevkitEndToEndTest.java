package org.lightkeeper.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightkeeper.api.v1.BoardState;
import org.lightkeeper.api.v1.ElsState;
import org.lightkeeper.api.v1.GetInventoryRequest;
import org.lightkeeper.api.v1.GetStateRequest;
import org.lightkeeper.api.v1.Inventory;
import org.lightkeeper.api.v1.InventoryServiceGrpc;
import org.lightkeeper.api.v1.RingLockState;
import org.lightkeeper.api.v1.RingState;
import org.lightkeeper.api.v1.StateServiceGrpc;
import org.lightkeeper.firmware.grpc.ManagementServer;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * The walking skeleton's acceptance: the whole firmware on the simulated devkit board, on virtual
 * time, asked over real gRPC on loopback, and checked against the simulator's ground truth (the
 * physical resonance of each ring against the laser wavelengths), not the firmware's own view.
 */
class DevkitEndToEndTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private BoardSpec spec;
    private VirtualClock clock;
    private SimBoard sim;
    private Firmware firmware;
    private ManagementServer server;
    private ManagedChannel channel;

    @BeforeEach
    void boot() throws Exception {
        spec = BoardFile.load("devkit");
        clock = new VirtualClock();
        sim = SimBoard.build(spec, clock);
        firmware = new Firmware(spec, sim, clock);
        server = new ManagementServer(firmware, "127.0.0.1", 0, "test").start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    @AfterEach
    void shutdown() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    private BoardState state() {
        return StateServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getState(GetStateRequest.getDefaultInstance());
    }

    /** Lock target relative to the line: filters on the peak, modulators on the red slope at f of peak. */
    private double targetPm(RingSpec r, double fwhmPm) {
        if (r.kind() == RingKind.FILTER) {
            return 0;
        }
        double f = spec.engines().get(0).optics().modulatorLockFraction();
        return fwhmPm / 2 * Math.sqrt(1 / f - 1);
    }

    private double worstErrorPm() {
        List<RingTruth> truth = sim.truth();
        List<RingSpec> rings = spec.engines().get(0).rings();
        double worst = 0;
        for (int i = 0; i < rings.size(); i++) {
            RingTruth t = truth.get(i);
            worst = Math.max(worst, Math.abs(t.detuningPm() - targetPm(rings.get(i), t.fwhmPm())));
        }
        return worst;
    }

    @Test
    void allRingsLockOnTheirOwnLinesWithinTwoSecondsAndHoldThroughADieRamp() {
        firmware.runUntil(2 * S, clock::advanceTo);

        BoardState st = state();
        assertEquals(ElsState.ELS_STATE_LANES_ENABLED, st.getElsSlots(0).getState());
        assertEquals(16, st.getRingsCount());
        for (RingState r : st.getRingsList()) {
            assertEquals(RingLockState.RING_LOCK_STATE_LOCKED, r.getLockState(), "ring " + r.getRing());
        }

        // Ground truth: on each waveguide every ring sits on a different line, the one the firmware assigned.
        List<RingTruth> truth = sim.truth();
        List<RingSpec> rings = spec.engines().get(0).rings();
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < rings.size(); i++) {
            RingTruth t = truth.get(i);
            assertTrue(taken.add(rings.get(i).waveguide() + "/" + t.nearestLane()),
                    "ring " + i + " shares line " + t.nearestLane() + " on " + rings.get(i).waveguide());
            assertEquals(st.getRings(i).getAssignedLane(), t.nearestLane(), "ring " + i + " line");
        }
        double fwhmPm = truth.get(0).fwhmPm();
        assertTrue(worstErrorPm() <= fwhmPm / 10, "worst error " + worstErrorPm() + " pm at lock");

        // The die warms by 10 K at 1 K/s: every ring stays within linewidth/10 of its target throughout.
        long rampStart = clock.nanos();
        sim.die().addRamp(rampStart, 10 * S, 10.0);
        double worst = 0;
        for (long t = rampStart + MS; t <= rampStart + 11 * S; t += MS) {
            firmware.runUntil(t, clock::advanceTo);
            worst = Math.max(worst, worstErrorPm());
        }
        assertTrue(worst <= fwhmPm / 10, "worst error during the ramp " + worst + " pm > " + fwhmPm / 10);
        for (RingState r : state().getRingsList()) {
            assertEquals(RingLockState.RING_LOCK_STATE_LOCKED, r.getLockState(), "ring " + r.getRing() + " after ramp");
        }
        // The heaters really did the work: the die moved every resonance by ~570 pm, i.e. over 2 mW of heater.
        assertTrue(sim.die().at(clock.nanos()) - sim.die().baseC() > 9.99);
    }

    @Test
    void inventoryNamesTheBoardTheModuleAndEveryRing() {
        firmware.runUntil(1 * S, clock::advanceTo);
        Inventory inv = InventoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getInventory(GetInventoryRequest.getDefaultInstance());
        assertEquals("devkit", inv.getBoardName());
        assertEquals(1, inv.getElsSlotsCount());
        assertTrue(inv.getElsSlots(0).getPresent());
        assertEquals(0x22, inv.getElsSlots(0).getIdentity().getIdentifier());
        assertEquals(8, inv.getElsSlots(0).getIdentity().getLaneFrequencyMhzCount());
        assertEquals(16, inv.getEngines(0).getRingsCount());
        assertEquals("test", inv.getFirmwareVersion());
    }
}
