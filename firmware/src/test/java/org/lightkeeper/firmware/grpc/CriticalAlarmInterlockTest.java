package org.lightkeeper.firmware.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lightkeeper.api.v1.AlarmServiceGrpc;
import org.lightkeeper.api.v1.Quantity;
import org.lightkeeper.api.v1.SetThresholdRequest;
import org.lightkeeper.api.v1.Threshold;

/** DESIGN.md section 4: a critical alarm on a light path darkens its lanes; cleared, the board relights and relocks. */
class CriticalAlarmInterlockTest {
    @Test
    void anElsOverTemperatureAlarmDarkensItsLanesUntilItClears() throws Exception {
        try (Rig rig = new Rig()) {
            rig.run(2 * Rig.S);
            assertEquals(16, rig.firmware.snapshot().ringsLocked());
            var alarms = AlarmServiceGrpc.newBlockingStub(rig.channel).withDeadlineAfter(5, TimeUnit.SECONDS);
            double moduleC = rig.firmware.snapshot().elsSlots().get(0).moduleTemperatureC();
            // An alarm limit below the module's temperature: the module is "too hot".
            rig.await(AlarmServiceGrpc.newFutureStub(rig.channel).setThreshold(SetThresholdRequest.newBuilder()
                    .setThreshold(Threshold.newBuilder().setQuantity(Quantity.QUANTITY_MODULE_TEMPERATURE)
                            .setHighAlarm(moduleC - 5).setHighWarning(moduleC - 6).setHysteresis(1)).build()));
            rig.run(300 * Rig.MS);
            assertEquals(0, rig.firmware.snapshot().lanesLit(), "lanes dark under a critical alarm");
            assertTrue(rig.sim.els(0).laneOutputMw(0) == 0, "no light leaves the module");

            rig.await(AlarmServiceGrpc.newFutureStub(rig.channel).setThreshold(SetThresholdRequest.newBuilder()
                    .setThreshold(Threshold.newBuilder().setQuantity(Quantity.QUANTITY_MODULE_TEMPERATURE)
                            .setHighAlarm(moduleC + 30).setHighWarning(moduleC + 20).setHysteresis(1)).build()));
            rig.run(3 * Rig.S);
            assertEquals(8, rig.firmware.snapshot().lanesLit(), "relit once the alarm cleared");
            assertEquals(16, rig.firmware.snapshot().ringsLocked(), "and every ring relocked");
        }
    }
}
