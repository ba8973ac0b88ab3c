package org.lightkeeper.firmware.persist;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The "calibration" document (DESIGN.md section 6): what the firmware measured. Immutable; every value
 * range-checked on construction, so a loaded document is as valid as one built in code.
 *
 * @param els per ELS slot: the module the lane calibration belongs to and its lanes' bias at setpoint
 * @param engines per optical engine: ring calibration and the neighbour-coupling matrix
 */
public record Calibration(List<Els> els, List<Engine> engines) {
    public static final double MAX_HEATER_MW = 1000;
    public static final double MAX_BIAS_MA = 2000;
    public static final double MAX_FSR_NM = 100;
    public static final double MAX_NM_PER_MW = 10;

    public Calibration {
        els = Checks.unique("ELS slot", els, Els::slot);
        engines = Checks.unique("engine", engines, Engine::engine);
    }

    /** The calibration of the module in {@code slot}, if any. */
    public Optional<Els> els(int slot) {
        return els.stream().filter(e -> e.slot() == slot).findFirst();
    }

    public Optional<Engine> engine(int engine) {
        return engines.stream().filter(e -> e.engine() == engine).findFirst();
    }

    /**
     * One ELS module's lane calibration and the identity of the module it was measured on: a module with
     * another vendor or serial in the slot needs new calibration (ElsIdentity#sameModule).
     */
    public record Els(int slot, String vendor, String serial, List<LaneBias> lanes) {
        public Els {
            Checks.index("slot", slot);
            Checks.text("vendor", vendor);
            Checks.text("serial", serial);
            lanes = Checks.unique("lane", lanes, LaneBias::lane);
        }

        /** Whether this calibration was measured on the module with this vendor name and serial number. */
        public boolean belongsTo(String vendorName, String serialNumber) {
            return vendor.equals(vendorName) && serial.equals(serialNumber);
        }
    }

    /** A lane's laser bias current at its power setpoint, mA. */
    public record LaneBias(int lane, double biasAtSetpointMa) {
        public LaneBias {
            Checks.index("lane", lane);
            Checks.range("biasAtSetpointMa", biasAtSetpointMa, 0, MAX_BIAS_MA, "mA");
        }
    }

    /** One engine's rings and neighbour coupling. */
    public record Engine(int engine, List<Ring> rings, List<Coupling> coupling) {
        public Engine {
            Checks.index("engine", engine);
            rings = Checks.unique("ring", rings, Ring::ring);
            coupling = Checks.unique("coupling entry", coupling, c -> List.of(c.victim(), c.aggressor()));
            Set<Integer> known = new HashSet<>();
            rings.forEach(r -> known.add(r.ring()));
            for (Coupling c : coupling) {
                if (!known.contains(c.victim()) || !known.contains(c.aggressor())) {
                    throw new IllegalArgumentException("coupling " + c.victim() + " <- " + c.aggressor()
                            + " names a ring with no calibration in engine " + engine);
                }
            }
        }

        public Optional<Ring> ring(int ring) {
            return rings.stream().filter(r -> r.ring() == ring).findFirst();
        }
    }

    /**
     * One ring: heater power at lock, the laser lane it is assigned to (null when unassigned), its free
     * spectral range, its tuning efficiency as estimated by the calibration sweep, and the shape of the
     * resonance it locked on ({@code null} in documents written before it was kept): what a restarted
     * firmware needs to resume tracking at the ring's present heater code without a sweep.
     */
    public record Ring(int ring, double heaterPowerAtLockMw, LaneKey assignedLane, double fsrNm, double nmPerMw,
                       Resonance resonance, IdleLine idleLine) {
        public Ring {
            Checks.index("ring", ring);
            Checks.range("heaterPowerAtLockMw", heaterPowerAtLockMw, 0, MAX_HEATER_MW, "mW");
            Checks.above("fsrNm", fsrNm, 0, MAX_FSR_NM, "nm");
            Checks.above("nmPerMw", nmPerMw, 0, MAX_NM_PER_MW, "nm/mW");
            if (idleLine != null && assignedLane != null) {
                throw new IllegalArgumentException("ring " + ring + " has an assigned lane and an idle line: an idle line is"
                        + " kept only for a ring with no lane");
            }
        }

        public Ring(int ring, double heaterPowerAtLockMw, LaneKey assignedLane, double fsrNm, double nmPerMw,
                    Resonance resonance) {
            this(ring, heaterPowerAtLockMw, assignedLane, fsrNm, nmPerMw, resonance, null);
        }

        public Ring(int ring, double heaterPowerAtLockMw, LaneKey assignedLane, double fsrNm, double nmPerMw) {
            this(ring, heaterPowerAtLockMw, assignedLane, fsrNm, nmPerMw, null, null);
        }
    }

    /**
     * A ring with no lane is held between two lines of its comb: {@code lane}'s line lies
     * {@code aboveMw} of its own heater power above {@code heaterPowerAtLockMw} (negative: below), so a
     * restart knows where the lines are without a sweep. ({@code null} in documents written before it
     * was kept: the ring then stays where it is.)
     */
    public record IdleLine(int lane, double aboveMw) {
        public IdleLine {
            Checks.index("idleLine.lane", lane);
            Checks.range("idleLine.aboveMw", aboveMw, -2 * MAX_HEATER_MW, 2 * MAX_HEATER_MW, "mW");
        }
    }

    /**
     * The resonance a ring locked on, as its tracker knew it: the monitor current at the peak and the
     * Lorentzian half width in heater power.
     */
    public record Resonance(double peakMa, double halfWidthMw) {
        /** Far above any monitor photodiode current (tens of uA to a few mA): only catches garbage. */
        public static final double MAX_PEAK_MA = 1000;

        public Resonance {
            Checks.above("peakMa", peakMa, 0, MAX_PEAK_MA, "mA");
            Checks.above("halfWidthMw", halfWidthMw, 0, MAX_HEATER_MW, "mW");
        }
    }

    /**
     * One entry of the sparse neighbour-coupling matrix: the fraction of {@code aggressor}'s heater effect
     * felt by {@code victim}.
     */
    public record Coupling(int victim, int aggressor, double fraction) {
        public Coupling {
            Checks.index("victim", victim);
            Checks.index("aggressor", aggressor);
            if (victim == aggressor) {
                throw new IllegalArgumentException("coupling of ring " + victim + " to itself");
            }
            if (!Double.isFinite(fraction) || Math.abs(fraction) >= 1) {
                throw new IllegalArgumentException("coupling fraction " + fraction + " is out of range (-1, 1)");
            }
        }
    }
}
