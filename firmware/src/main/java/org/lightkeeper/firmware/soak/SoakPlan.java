package org.lightkeeper.firmware.soak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.lightkeeper.firmware.soak.SoakEvent.Kind;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;

/**
 * The fault mix of one soak, drawn from its seed over the whole run (docs/soak.md): NAKs on every I2C
 * bus throughout, stuck-bus episodes, a swap to a different ELS module and a reinsertion of the same
 * one, ageing of two lanes up to end of life, one laser death, die and ambient ramps and ASIC power
 * steps that keep the die within the heater headroom of its calibration, and firmware restarts every
 * few minutes. Events keep {@link #gapNs} apart (restarts are pushed past other faults) so each one's
 * answer can be told apart, and the last {@link #settleNs} is quiet.
 */
public record SoakPlan(SoakOptions options, long setupNs, long settleNs, long gapNs, OperatorSettings settings,
                       List<SoakEvent> events) {
    private static final long S = SoakOptions.S;
    /** Power setpoint the operator writes on one lane, mW (the devkit's lanes run at 20 mW). */
    static final double SETPOINT_MW = 18.0;
    /** Lock target the operator gives one modulator (the board default is 0.5). */
    static final double LOCK_FRACTION = 0.6;

    /** The events of kind {@code k}, in time order. */
    public List<SoakEvent> of(Kind k) {
        return events.stream().filter(e -> e.kind() == k).toList();
    }

    public long restarts() {
        return of(Kind.RESTART).size();
    }

    public static SoakPlan generate(BoardSpec spec, SoakOptions o) {
        SplittableRandom rnd = new SplittableRandom(o.seed());
        long d = o.durationNs();
        long settle = clamp(d / 10, 10 * S, 60 * S);
        long setup = clamp(d / 20, 5 * S, 20 * S);
        long window = d - settle - setup;
        long gap = clamp(window / 80, 2 * S, 15 * S);
        int slot = spec.elsSlots().get(rnd.nextInt(spec.elsSlots().size())).slot();
        // Four different lanes: the one that dies, the one the operator disables, two that age.
        List<Integer> lanes = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
        for (int i = lanes.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            lanes.set(i, lanes.set(j, lanes.get(i)));
        }
        int dead = lanes.get(0);
        int disabled = lanes.get(1);
        int[] aged = {lanes.get(2), lanes.get(3)};
        int engine = rnd.nextInt(spec.engines().size());
        List<BoardSpec.RingSpec> modulators = spec.engines().get(engine).rings().stream()
                .filter(r -> r.kind() == RingKind.MODULATOR).toList();
        int lockRing = modulators.get(rnd.nextInt(modulators.size())).id();
        OperatorSettings settings = new OperatorSettings(slot, aged[0], SETPOINT_MW, disabled, engine, lockRing,
                LOCK_FRACTION, OperatorSettings.boardTemperatureThreshold());

        List<SoakEvent> ev = new ArrayList<>();
        for (BoardSpec.I2cBusSpec b : spec.i2cBuses()) {
            ev.add(new SoakEvent(0, Kind.NAK_RATE, 0, 0, o.nakRate(), 0, b.bus()));
        }
        // The bus that carries the swapped module: a stuck bus there cuts the firmware off from it.
        String module = spec.elsSlots().stream().filter(s -> s.slot() == slot).findFirst().orElseThrow().module();
        String stuckBus = spec.i2cBuses().stream()
                .filter(b -> b.devices().stream().anyMatch(x -> x.name().equals(module))).findFirst().orElseThrow().bus();
        Jitter at = new Jitter(rnd, setup, window);
        long rampNs = clamp(window / 100, 2 * S, 20 * S);

        long newModuleAt = at.fraction(0.04);
        ev.add(new SoakEvent(newModuleAt, Kind.ELS_PULL, slot, 0, 0, 0, null));
        long inserted = newModuleAt + 300_000_000L + rnd.nextLong(1_200_000_000L);
        ev.add(new SoakEvent(inserted, Kind.ELS_INSERT_OTHER, slot, 0, 0, 0, null));
        stuck(ev, at.fraction(0.12), o, stuckBus);
        ev.add(new SoakEvent(at.fraction(0.20), Kind.DIE_RAMP, 0, 0, 4, rampNs, null));
        ev.add(new SoakEvent(at.fraction(0.27), Kind.ASIC_POWER_STEP, 0, 0, -4, (1 + rnd.nextLong(3)) * S, null));
        long same = at.fraction(0.36);
        ev.add(new SoakEvent(same, Kind.ELS_PULL, slot, 0, 0, 0, null));
        ev.add(new SoakEvent(same + 300_000_000L + rnd.nextLong(1_200_000_000L), Kind.ELS_INSERT_SAME, slot, 0, 0, 0,
                null));
        ev.add(new SoakEvent(at.fraction(0.45), Kind.AMBIENT_RAMP, 0, 0, 3, 2 * rampNs, null));
        ev.add(new SoakEvent(at.fraction(0.55), Kind.LASER_DEATH, slot, dead, 0, 0, null));
        ev.add(new SoakEvent(at.fraction(0.62), Kind.ASIC_POWER_STEP, 0, 0, 4, (1 + rnd.nextLong(3)) * S, null));
        if (d >= 1200 * S) {
            stuck(ev, at.fraction(0.70), o, stuckBus);
        }
        ev.add(new SoakEvent(at.fraction(0.80), Kind.DIE_RAMP, 0, 0, -4, rampNs, null));
        ev.add(new SoakEvent(at.fraction(0.90), Kind.AMBIENT_RAMP, 0, 0, -3, 2 * rampNs, null));

        // Ageing from the new module's arrival to the end of the window, in steps.
        long end = setup + window;
        long step = Math.max(2 * S, window / 60);
        for (long t = inserted + step; t <= end; t = t < end ? Math.min(end, t + step) : end + 1) {
            double f = o.ageingAtEnd() * Math.min(1, (double) (t - inserted) / (end - inserted));
            for (int lane : aged) {
                ev.add(new SoakEvent(t, Kind.LASER_AGEING, slot, lane, f, 0, null));
            }
        }
        List<SoakEvent> faults = List.copyOf(ev);
        for (long t = setup + jittered(rnd, o.restartEveryNs()); t <= end; t += jittered(rnd, o.restartEveryNs())) {
            t = clear(t, faults, gap);
            if (t <= end) {
                ev.add(SoakEvent.of(t, Kind.RESTART));
            }
        }
        ev.sort(Comparator.comparingLong(SoakEvent::atNs));
        return new SoakPlan(o, setup, settle, gap, settings, List.copyOf(ev));
    }

    private static void stuck(List<SoakEvent> ev, long t, SoakOptions o, String bus) {
        if (o.stuckNs() > 0) {
            ev.add(new SoakEvent(t, Kind.BUS_STUCK, 0, 0, 0, o.stuckNs(), bus));
            ev.add(new SoakEvent(t + o.stuckNs(), Kind.BUS_RELEASE, 0, 0, 0, 0, bus));
        }
    }

    /** The first time at or after {@code t} at least {@code gap} from every fault but NAKs and ageing steps. */
    private static long clear(long t, List<SoakEvent> faults, long gap) {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (SoakEvent e : faults) {
                if (e.kind() != Kind.LASER_AGEING && e.kind() != Kind.NAK_RATE && Math.abs(t - e.atNs()) < gap) {
                    t = e.atNs() + gap;
                    moved = true;
                }
            }
        }
        return t;
    }

    /** {@code every} +-25 %. */
    private static long jittered(SplittableRandom rnd, long every) {
        return every * 3 / 4 + rnd.nextLong(every / 2 + 1);
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Places events at a fraction of the fault window, +-2 % of it. */
    private record Jitter(SplittableRandom rnd, long start, long window) {
        long fraction(double f) {
            return start + (long) (window * (f - 0.02 + 0.04 * rnd.nextDouble()));
        }
    }
}
