package org.lightkeeper.firmware.scenario;

import org.lightkeeper.hal.bus.BusStuckException;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.bus.BusFaults;
import org.lightkeeper.sim.bus.SimI2cBus;

/** Applies one scenario event to the simulated board through its fault-injection API. */
public final class ScenarioFaults {
    private ScenarioFaults() {
    }

    private static BusFaults faults(SimBoard sim, ScenarioEvent e) {
        return ((SimI2cBus) sim.i2c(e.bus(), 0)).faults();
    }

    public static void apply(SimBoard sim, ScenarioEvent e) {
        long now = sim.clock().nanos();
        switch (e.kind()) {
            case ELS_PULL -> sim.pullEls(e.slot());
            case ELS_INSERT -> sim.insertEls(e.slot(), null);
            case LASER_DEATH -> sim.killLaser(e.slot(), e.lane());
            case LASER_AGEING -> sim.ageLaser(e.slot(), e.lane(), e.value());
            case HEATER_OPEN -> sim.setHeaterFailed(e.ring(), true);
            case HEATER_REPAIR -> sim.setHeaterFailed(e.ring(), false);
            case MONITOR_DEAD -> sim.setMonitorDead(e.ring(), true);
            case MONITOR_REPAIR -> sim.setMonitorDead(e.ring(), false);
            case DIE_RAMP -> sim.die().addRamp(now, e.durationNs(), e.value());
            case AMBIENT_RAMP -> {
                // The die sits on the same heat sink: an ambient change reaches it too.
                sim.ambient().addRamp(now, e.durationNs(), e.value());
                sim.die().addRamp(now, e.durationNs(), e.value());
            }
            case ASIC_POWER_STEP -> sim.die().addPowerStep(now, e.durationNs(), e.value());
            case BUS_NAK_RATE -> faults(sim, e).nakRate(e.value());
            // A stuck bus that nine clock pulses and a STOP free (UM10204 section 3.1.16), as most are.
            case BUS_STUCK -> faults(sim, e).stuck(BusStuckException.Line.SDA, true);
            case BUS_RELEASE -> faults(sim, e).unstuck();
            case DEVICE_VANISH -> faults(sim, e).vanish(e.ring());
            case DEVICE_RETURN -> faults(sim, e).restore(e.ring());
            default -> throw new IllegalStateException(e.kind().name());
        }
    }
}
