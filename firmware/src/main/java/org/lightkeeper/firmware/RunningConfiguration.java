package org.lightkeeper.firmware;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.lightkeeper.firmware.els.ElsSlotController;
import org.lightkeeper.firmware.persist.Configuration;
import org.lightkeeper.firmware.persist.LaneKey;
import org.lightkeeper.firmware.persist.RingKey;
import org.lightkeeper.firmware.ring.EngineLock;
import org.lightkeeper.hal.board.BoardSpec.RingKind;

/**
 * The operator configuration (DESIGN.md section 6) as the controllers hold it: read from them to be
 * saved, and put back in force from a stored document at start (docs/persistence.md). Control thread.
 */
final class RunningConfiguration {
    private static final Logger LOG = Logger.getLogger(RunningConfiguration.class.getName());
    /** Lanes an ELS slot can have (ELSFP: up to 8 a bank). */
    private static final int LANES = 8;

    private RunningConfiguration() {
    }

    /** Lane permissions and setpoints, modulator lock targets, and {@code thresholds}. */
    static Configuration read(List<ElsSlotController> slots, List<EngineLock> engines,
                              Map<String, Configuration.Thresholds> thresholds) {
        List<Configuration.Lane> lanes = new ArrayList<>();
        for (ElsSlotController c : slots) {
            for (int lane = 0; lane < LANES; lane++) {
                double sp = c.configuredSetpointMw(lane);
                lanes.add(new Configuration.Lane(new LaneKey(c.slot(), lane), (c.operatorLanes() & (1 << lane)) != 0,
                        Double.isNaN(sp) ? 0 : sp));
            }
        }
        List<Configuration.RingTarget> targets = new ArrayList<>();
        for (int e = 0; e < engines.size(); e++) {
            EngineLock el = engines.get(e);
            for (int i = 0; i < el.ringCount(); i++) {
                if (el.kind(i) == RingKind.MODULATOR) {
                    targets.add(new Configuration.RingTarget(new RingKey(e, i), el.lockFraction(i)));
                }
            }
        }
        return new Configuration(lanes, targets, thresholds);
    }

    /**
     * Puts {@code c}'s lane permissions, setpoints and lock targets in force before the first tick. An
     * entry naming what this board does not have, or a target the ring refuses, is logged and skipped;
     * the thresholds are for the alarm table (the caller keeps them).
     */
    static void apply(Configuration c, List<ElsSlotController> slots, List<EngineLock> engines) {
        for (Configuration.Lane l : c.lanes()) {
            ElsSlotController slot = slots.stream().filter(x -> x.slot() == l.lane().slot()).findFirst().orElse(null);
            if (slot == null || l.lane().lane() >= LANES) {
                LOG.warning("configuration names " + l.lane() + ", which this board does not have: ignored");
                continue;
            }
            slot.setOperatorLane(l.lane().lane(), l.enabled());
            if (l.powerSetpointMw() > 0) {
                slot.restorePowerSetpointMw(l.lane().lane(), l.powerSetpointMw());
            }
        }
        for (Configuration.RingTarget t : c.ringTargets()) {
            if (t.ring().engine() >= engines.size() || t.ring().ring() >= engines.get(t.ring().engine()).ringCount()) {
                LOG.warning("configuration names " + t.ring() + ", which this board does not have: ignored");
                continue;
            }
            try {
                engines.get(t.ring().engine()).setLockFraction(t.ring().ring(), t.lockFraction());
            } catch (IllegalArgumentException e) {
                LOG.warning("configuration lock target of " + t.ring() + " ignored: " + e.getMessage());
            }
        }
    }
}
