package org.lightkeeper.firmware.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.lightkeeper.firmware.grpc.Rig.MS;
import static org.lightkeeper.firmware.grpc.Rig.S;
import static org.lightkeeper.firmware.grpc.Rig.refused;

import io.grpc.Status.Code;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightkeeper.api.v1.GetConfigRequest;
import org.lightkeeper.api.v1.LaneConfig;
import org.lightkeeper.api.v1.MaintenanceServiceGrpc;
import org.lightkeeper.api.v1.ManagementConfig;
import org.lightkeeper.api.v1.Quantity;
import org.lightkeeper.api.v1.RingConfig;
import org.lightkeeper.api.v1.Threshold;

/** MaintenanceService GetConfig / RestoreConfig over loopback gRPC: round trip, all or nothing. */
class ConfigServiceTest {
    private Rig rig;
    private MaintenanceServiceGrpc.MaintenanceServiceFutureStub maintenance;

    @BeforeEach
    void boot() throws Exception {
        rig = new Rig();
        maintenance = MaintenanceServiceGrpc.newFutureStub(rig.channel);
        rig.run(2 * S);
    }

    @AfterEach
    void shutdown() throws Exception {
        rig.close();
    }

    private ManagementConfig get() {
        return rig.await(maintenance.getConfig(GetConfigRequest.getDefaultInstance()));
    }

    @Test
    void aSavedConfigurationRestoresExactly() {
        ManagementConfig defaults = get();
        assertEquals(8, defaults.getLanesCount());
        assertEquals(org.lightkeeper.firmware.alarm.Quantity.values().length, defaults.getThresholdsCount());
        int mod = defaults.getRings(0).getRing();
        ManagementConfig wanted = defaults.toBuilder()
                .setLanes(4, defaults.getLanes(4).toBuilder().setOperatorEnabled(false))
                .setLanes(0, defaults.getLanes(0).toBuilder().setPowerSetpointMw(12.5))
                .setRings(0, RingConfig.newBuilder().setRing(mod).setLockFraction(0.6))
                .setThresholds(0, Threshold.newBuilder().setQuantity(defaults.getThresholds(0).getQuantity())
                        .setHighAlarm(90).setHighWarning(80).setHysteresis(1))
                .build();
        ManagementConfig after = rig.await(maintenance.restoreConfig(wanted));
        assertEquals(wanted, after);
        rig.run(50 * MS);
        assertEquals(wanted, get());
        assertFalse(rig.state().getElsSlots(0).getLanes(4).getEnabled(), "lane 4 forced dark");
        assertEquals(0.6, rig.state().getRingsList().stream().filter(r -> r.getRing() == mod).findFirst()
                .orElseThrow().getLockFraction(), 1e-12);
        // And back.
        rig.await(maintenance.restoreConfig(defaults.toBuilder()
                .setLanes(0, LaneConfig.newBuilder().setSlot(0).setLane(0).setOperatorEnabled(true)).build()));
        rig.run(50 * MS);
        assertEquals(defaults.toBuilder().setLanes(0, defaults.getLanes(0).toBuilder().setPowerSetpointMw(12.5))
                .build(), get());
    }

    @Test
    void oneBadEntryRefusesTheWholeRestoreNamingItAndChangesNothing() {
        ManagementConfig before = get();
        String lit = enables();
        ManagementConfig.Builder good = ManagementConfig.newBuilder()
                .addLanes(LaneConfig.newBuilder().setSlot(0).setLane(2).setOperatorEnabled(false));
        refused(Code.NOT_FOUND, () -> rig.await(maintenance.restoreConfig(good.clone()
                .addRings(RingConfig.newBuilder().setRing(before.getRings(0).getRing()).setLockFraction(0.5))
                .addRings(RingConfig.newBuilder().setRing(999).setLockFraction(0.5)).build())), "rings[1].ring", "999");
        refused(Code.INVALID_ARGUMENT, () -> rig.await(maintenance.restoreConfig(good.clone()
                .addLanes(LaneConfig.newBuilder().setSlot(0).setLane(1).setPowerSetpointMw(900)).build())),
                "lanes[1].power_setpoint_mw", "655.35");
        refused(Code.NOT_FOUND, () -> rig.await(maintenance.restoreConfig(good.clone()
                .addLanes(LaneConfig.newBuilder().setSlot(0).setLane(9)).build())), "lanes[1].lane", "0-7");
        refused(Code.INVALID_ARGUMENT, () -> rig.await(maintenance.restoreConfig(good.clone()
                .addThresholds(Threshold.newBuilder().setQuantity(Quantity.QUANTITY_RING_DETUNING)
                        .setHighAlarm(5).setHighWarning(10)).build())), "thresholds[0].high_warning", "high_alarm");
        refused(Code.INVALID_ARGUMENT, () -> rig.await(maintenance.restoreConfig(good.clone()
                .addRings(RingConfig.newBuilder().setRing(before.getRings(0).getRing()).setLockFraction(2)).build())),
                "rings[0].lock_fraction", "0.05");
        rig.run(50 * MS);
        assertEquals(before, get());
        assertEquals(lit, enables(), "lane enables unchanged (lane 2, the good entry, too)");
    }

    private String enables() {
        return rig.state().getElsSlots(0).getLanesList().stream().map(l -> l.getEnabled() + "/" + l.getOperatorEnabled())
                .toList().toString();
    }
}
