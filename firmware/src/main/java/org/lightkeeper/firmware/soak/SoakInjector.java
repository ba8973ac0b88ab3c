package org.lightkeeper.firmware.soak;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.lightkeeper.firmware.scenario.ScenarioEvent;
import org.lightkeeper.firmware.scenario.ScenarioFaults;
import org.lightkeeper.hal.bus.BusStuckException;
import org.lightkeeper.hal.chip.cmis.CmisModuleState;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.bus.SimI2cBus;
import org.lightkeeper.sim.chip.ElsfpProfile;
import org.lightkeeper.sim.chip.ElsfpSim;

/**
 * Applies soak events to the simulated board and keeps the ground truth they create: which slots are
 * empty, which module sits in each, and each module's laser ageing and dead lanes. A module that goes
 * back in is the same module: its lasers keep their age and a dead one stays dead (the simulator
 * builds a fresh emulator on insertion, so this re-applies both).
 */
final class SoakInjector {
    private final SimBoard sim;
    private final Set<Integer> empty = new HashSet<>();
    private final Map<Integer, ElsfpProfile> pulled = new HashMap<>();
    private final Map<Integer, double[]> age = new HashMap<>();
    private final Map<Integer, Integer> dead = new HashMap<>();
    private int modulesMade;

    SoakInjector(SimBoard sim) {
        this.sim = sim;
    }

    void apply(SoakEvent e) {
        switch (e.kind()) {
            case NAK_RATE -> scenario(e, ScenarioEvent.Kind.BUS_NAK_RATE);
            // A short to ground or a target wedged for good: nine clocks and a STOP do not free it.
            case BUS_STUCK -> ((SimI2cBus) sim.i2c(e.bus(), 0)).faults().stuck(BusStuckException.Line.SDA, false);
            case BUS_RELEASE -> scenario(e, ScenarioEvent.Kind.BUS_RELEASE);
            case ELS_PULL -> {
                pulled.put(e.slot(), sim.els(e.slot()).profile());
                scenario(e, ScenarioEvent.Kind.ELS_PULL);
                empty.add(e.slot());
            }
            case ELS_INSERT_SAME -> {
                sim.insertEls(e.slot(), pulled.get(e.slot()));
                empty.remove(e.slot());
                double[] a = ages(e.slot());
                for (int lane = 0; lane < a.length; lane++) {
                    if (a[lane] > 0) {
                        sim.ageLaser(e.slot(), lane, a[lane]);
                    }
                    if ((dead.getOrDefault(e.slot(), 0) & 1 << lane) != 0) {
                        sim.killLaser(e.slot(), lane);
                    }
                }
            }
            case ELS_INSERT_OTHER -> {
                ElsfpProfile old = pulled.get(e.slot());
                // Same vendor and grid, another serial number: a spare from the same batch.
                String serial = old.vendorSerialNumber();
                String other = (serial.length() > 12 ? serial.substring(0, 12) : serial) + "-S" + ++modulesMade;
                sim.insertEls(e.slot(), old.toBuilder().vendorSerialNumber(other).build());
                empty.remove(e.slot());
                age.remove(e.slot());
                dead.remove(e.slot());
            }
            case LASER_AGEING -> {
                ages(e.slot())[e.lane()] = e.value();
                if (!empty.contains(e.slot())) {
                    sim.ageLaser(e.slot(), e.lane(), e.value());
                }
            }
            case LASER_DEATH -> {
                dead.merge(e.slot(), 1 << e.lane(), (x, y) -> x | y);
                sim.killLaser(e.slot(), e.lane());
            }
            case DIE_RAMP -> scenario(e, ScenarioEvent.Kind.DIE_RAMP);
            case AMBIENT_RAMP -> scenario(e, ScenarioEvent.Kind.AMBIENT_RAMP);
            case ASIC_POWER_STEP -> scenario(e, ScenarioEvent.Kind.ASIC_POWER_STEP);
            case RESTART -> throw new IllegalArgumentException("a restart is the runner's, not the board's");
            default -> throw new IllegalStateException(e.kind().name());
        }
    }

    private double[] ages(int slot) {
        return age.computeIfAbsent(slot, k -> new double[8]);
    }

    private void scenario(SoakEvent e, ScenarioEvent.Kind k) {
        ScenarioFaults.apply(sim, new ScenarioEvent(e.atNs(), k, e.slot(), e.lane(), 0, e.value(), e.durationNs(),
                e.bus(), 0));
    }

    boolean empty(int slot) {
        return empty.contains(slot);
    }

    /** Truth: lane {@code lane} of the module in {@code slot} emits light now. */
    boolean lit(int slot, int lane) {
        return !empty.contains(slot) && sim.els(slot).laneOutputMw(lane) > 0;
    }

    /** Truth: the module in {@code slot} reports ModuleReady (a module in any other state must be dark). */
    boolean moduleReady(int slot) {
        return !empty.contains(slot) && sim.els(slot).moduleState() == CmisModuleState.READY;
    }

    double outputMw(int slot, int lane) {
        return empty.contains(slot) ? 0 : sim.els(slot).laneOutputMw(lane);
    }

    /** Serial number of the module in {@code slot}, null when empty. */
    String serial(int slot) {
        ElsfpSim els = sim.els(slot);
        return empty.contains(slot) || els == null ? null : els.profile().vendorSerialNumber();
    }

    boolean deadLane(int slot, int lane) {
        return (dead.getOrDefault(slot, 0) & 1 << lane) != 0;
    }
}
