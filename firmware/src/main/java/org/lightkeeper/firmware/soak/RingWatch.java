package org.lightkeeper.firmware.soak;

import java.util.ArrayList;
import java.util.List;
import org.lightkeeper.firmware.ring.EngineLock;
import org.lightkeeper.firmware.ring.RingLockState;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * Ring lock over the soak: the firmware's lock state of every ring and its true distance from its lock
 * target (simulator). A ring on a lane that is dark by design (its laser died, or the operator
 * disabled it) is excused from being locked. An unlock is a locked ring leaving LOCKED within one
 * firmware process; a restart starts every ring afresh and is counted separately (relock time).
 */
final class RingWatch {
    /** A ring counts towards the worst detuning once locked this long (pull-in excluded). */
    static final long SETTLED_NS = 50_000_000L;

    /** After a lock target change a ring is judged again after this long (the walk to the new point). */
    static final long RETARGET_NS = 1_000_000_000L;
    /** SWEEP states further apart than this belong to different calibration sweeps. */
    static final long SWEEP_QUIET_NS = 1_000_000_000L;

    record Unlock(long atNs, int ring, RingLockState to) {
    }

    private final SoakInjector truth;
    private final OperatorSettings settings;
    private final int[] ringId;
    private final int[] slotOf;
    private final double fwhmPm;
    private final RingLockState[] previous;
    private final long[] lockedSince;
    private final double[] fraction;
    private final long[] unlockedPerRing;
    /** Last sample at which some ring was in SWEEP, -1 before the first. */
    private long lastSweepNs = -1;
    private final List<Unlock> unlocks = new ArrayList<>();
    private final List<Long> sweepStarts = new ArrayList<>();
    private final List<Long> relockNs = new ArrayList<>();
    private long unlockedNs;
    private double worstPm;
    private int worstRing = -1;
    private long worstAtNs;
    private long restartAt = -1;
    private boolean settingsTaken;

    RingWatch(BoardSpec spec, SoakInjector truth, OperatorSettings settings, double fwhmPm) {
        this.truth = truth;
        this.settings = settings;
        this.fwhmPm = fwhmPm;
        int n = spec.ringCount();
        this.ringId = new int[n];
        this.slotOf = new int[n];
        int k = 0;
        for (EngineSpec e : spec.engines()) {
            for (BoardSpec.RingSpec r : e.rings()) {
                ringId[k] = r.id();
                slotOf[k] = slotFeeding(spec, e, r.waveguide());
                k++;
            }
        }
        this.previous = new RingLockState[n];
        this.lockedSince = new long[n];
        this.fraction = new double[n];
        this.unlockedPerRing = new long[n];
    }

    private static int slotFeeding(BoardSpec spec, EngineSpec e, String waveguide) {
        BoardSpec.WaveguideSpec w = e.waveguides().stream().filter(x -> x.name().equals(waveguide)).findFirst().orElseThrow();
        while (w.elsModule() == null) {
            String from = w.loopbackFrom();
            w = e.waveguides().stream().filter(x -> x.name().equals(from)).findFirst().orElseThrow();
        }
        String module = w.elsModule();
        return spec.elsSlots().stream().filter(s -> s.module().equals(module)).findFirst().orElseThrow().slot();
    }

    void operatorSettingsTaken() {
        settingsTaken = true;
    }

    /** A new process started at {@code now}: its rings start unlocked, which is no unlock. */
    void processStarted(long now) {
        java.util.Arrays.fill(previous, null);
        restartAt = now;
    }

    /**
     * A ring with no line is excused where the operator keeps a lane of its ELS dark: a calibration
     * sweep skips that lane, so the ring that would have taken it is given none.
     */
    boolean excused(int slot, int lane) {
        return lane >= 0 ? darkByDesign(slot, lane) : settingsTaken && slot == settings.slot();
    }

    boolean darkByDesign(int slot, int lane) {
        return truth.deadLane(slot, lane) || settingsTaken && slot == settings.slot() && lane == settings.disabledLane();
    }

    void sample(long now, FirmwareProcess p, List<RingTruth> rings, long sampleNs) {
        int k = 0;
        boolean sweeping = false;
        for (EngineLock e : p.engines) {
            // A calibration sweep, not one ring's search or diagnostic sweep (both SWEEP too).
            sweeping |= e.calibrating();
            for (int i = 0; i < e.ringCount(); i++, k++) {
                RingLockState s = e.state(i);
                boolean excused = excused(slotOf[k], e.lane(i));
                if (s == RingLockState.LOCKED) {
                    if (previous[k] != RingLockState.LOCKED) {
                        lockedSince[k] = now;
                        fraction[k] = e.lockFraction(i);
                    } else if (e.lockFraction(i) != fraction[k]) {
                        // A new lock target: the tracker walks the ring there, slew-limited; judge it once there.
                        lockedSince[k] = now + RETARGET_NS - SETTLED_NS;
                        fraction[k] = e.lockFraction(i);
                    }
                    if (now - lockedSince[k] >= SETTLED_NS) {
                        double err = Math.abs(rings.get(k).detuningPm() - targetPm(e, i));
                        if (err > worstPm) {
                            worstPm = err;
                            worstRing = ringId[k];
                            worstAtNs = now;
                        }
                    }
                } else {
                    if (previous[k] == RingLockState.LOCKED && !excused) {
                        unlocks.add(new Unlock(now, ringId[k], s));
                    }
                    if (!excused) {
                        unlockedNs += sampleNs;
                        unlockedPerRing[k] += sampleNs;
                    }
                }
                previous[k] = s;
            }
        }
        // One calibration sweep steps its rings through SWEEP lane by lane: count it once.
        if (sweeping) {
            if (lastSweepNs < 0 || now - lastSweepNs > SWEEP_QUIET_NS) {
                sweepStarts.add(now);
            }
            lastSweepNs = now;
        }
        if (restartAt >= 0 && allExpectedLocked(p)) {
            relockNs.add(now - restartAt);
            restartAt = -1;
        }
    }

    /** Where the ring should sit: on the peak (filter) or on the red slope at its lock fraction (modulator). */
    private double targetPm(EngineLock e, int i) {
        if (e.kind(i) == RingKind.FILTER) {
            return 0;
        }
        double f = e.lockFraction(i);
        return fwhmPm / 2 * Math.sqrt(1 / f - 1);
    }

    /** Every ring not excused is LOCKED. */
    boolean allExpectedLocked(FirmwareProcess p) {
        return notLocked(p).isEmpty();
    }

    /** Rings not excused that are not LOCKED now, with their state and reason. */
    List<String> notLocked(FirmwareProcess p) {
        List<String> out = new ArrayList<>();
        int k = 0;
        for (EngineLock e : p.engines) {
            for (int i = 0; i < e.ringCount(); i++, k++) {
                boolean excused = excused(slotOf[k], e.lane(i));
                if (!excused && e.state(i) != RingLockState.LOCKED) {
                    out.add("ring " + ringId[k] + " " + e.state(i) + " (" + e.why(i) + ")");
                }
            }
        }
        return out;
    }

    List<Unlock> unlocks() {
        return unlocks;
    }

    List<Long> sweepStarts() {
        return sweepStarts;
    }

    List<Long> relockNs() {
        return relockNs;
    }

    /** Per ring, in board-file order: its id and time not locked while not excused, ns. */
    List<long[]> unlockedPerRing() {
        List<long[]> out = new ArrayList<>();
        for (int k = 0; k < ringId.length; k++) {
            out.add(new long[] {ringId[k], unlockedPerRing[k]});
        }
        return out;
    }

    long unlockedNs() {
        return unlockedNs;
    }

    double worstPm() {
        return worstPm;
    }

    int worstRing() {
        return worstRing;
    }

    long worstAtNs() {
        return worstAtNs;
    }

    double fwhmPm() {
        return fwhmPm;
    }
}
