package org.lightkeeper.firmware.ring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lightkeeper.hal.board.BoardDrivers;
import org.lightkeeper.hal.board.BoardSpec.EngineOptics;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;
import org.lightkeeper.hal.chip.Ltc2668;
import org.lightkeeper.hal.chip.eic.Eic;

/**
 * The heaters of one engine, commanded in the power domain (DESIGN.md section 3: P = V^2 / R, so
 * the code follows sqrt(P)). Every command passes the per-ring limit and the engine's thermal
 * budget here, below every control loop, so no code path can drive a heater past its limit; an EIC
 * also enforces the ring limit in hardware. Writes only what changed, all outputs of a chip moving
 * together. Allocation-free after construction.
 */
public final class HeaterBank {
    private final int rings;
    private final HeaterDevice[] deviceOfRing;
    private final int[] channelOfRing;
    private final HeaterDevice[] devices;
    private final double[] appliedMw;
    private final double ringMaxMw;
    private final double budgetMw;
    private final double ohms;
    /** Sum of appliedMw, kept as commands change so the budget check is O(1). */
    private double totalMw;
    /** Where codes of chips that cannot be read back are recorded (null: nowhere), from ring ordinal {@link #journalBase}. */
    private org.lightkeeper.firmware.persist.HeaterCodeJournal journal;
    private int journalBase;
    private final int[] journaled;

    public HeaterBank(EngineSpec spec, BoardDrivers drivers) {
        EngineOptics o = spec.optics();
        List<RingSpec> rs = spec.rings();
        this.rings = rs.size();
        this.ringMaxMw = o.heaterMaxMw();
        this.budgetMw = o.engineHeaterBudgetMw();
        this.ohms = o.heaterResistanceOhm();
        this.deviceOfRing = new HeaterDevice[rings];
        this.channelOfRing = new int[rings];
        Map<Object, HeaterDevice> byChip = new HashMap<>();
        List<HeaterDevice> distinct = new ArrayList<>();
        for (int i = 0; i < rings; i++) {
            RingSpec r = rs.get(i);
            Object chip = drivers.get(r.heaterDac(), Object.class);
            HeaterDevice d = byChip.get(chip);
            if (d == null) {
                d = chip instanceof Eic eic ? new EicHeaters(eic, maxChannel(rs, r.heaterDac()) + 1, o.dacFullScaleV())
                        : new Ltc2668Heaters((Ltc2668) chip, o.dacFullScaleV());
                byChip.put(chip, d);
                distinct.add(d);
            }
            deviceOfRing[i] = d;
            channelOfRing[i] = r.heaterChannel();
        }
        this.devices = distinct.toArray(new HeaterDevice[0]);
        this.appliedMw = new double[rings];
        this.journaled = new int[rings];
        java.util.Arrays.fill(journaled, org.lightkeeper.firmware.persist.HeaterCodeJournal.UNKNOWN);
    }

    /**
     * Records every code written to a chip that cannot be read back in {@code journal}, ring {@code i}
     * at ordinal {@code base + i}, so a restarted firmware can adopt the heaters (warm restart).
     */
    public void useJournal(org.lightkeeper.firmware.persist.HeaterCodeJournal journal, int base) {
        boolean needed = false;
        for (HeaterDevice d : devices) {
            needed |= !d.readsBack();
        }
        this.journal = needed ? journal : null; // chips that read back need no journal
        this.journalBase = base;
    }

    /**
     * Warm restart: takes the heaters as the hardware holds them instead of zeroing them. Codes come
     * from the chips that read back, and from {@code recorded} (by ring index, the journal a previous
     * process kept; null if none) for those that do not. Returns null when adopted; else why not, and
     * the caller must {@link #init} (cold start). Refused when any ring is above its limit or the
     * engine above its budget: those heaters are not to be kept.
     */
    public String adopt(int[] recorded) {
        double maxVolts = Math.sqrt(ringMaxMw / 1000.0 * ohms);
        for (HeaterDevice d : devices) {
            int[] byChannel = null;
            if (recorded != null && !d.readsBack()) {
                byChannel = new int[org.lightkeeper.hal.chip.Ltc2668.CHANNELS];
                java.util.Arrays.fill(byChannel, -1);
                for (int i = 0; i < rings; i++) {
                    if (deviceOfRing[i] == d) {
                        if (recorded[i] < 0) {
                            return "heater journal has no code for ring " + i + " of this engine";
                        }
                        byChannel[channelOfRing[i]] = recorded[i];
                    }
                }
            }
            String why = d.adopt(maxVolts, byChannel);
            if (why != null) {
                return why;
            }
        }
        double total = 0;
        for (int i = 0; i < rings; i++) {
            double p = power(deviceOfRing[i].voltsFor(code(i)));
            if (p > ringMaxMw + 1e-9) {
                return String.format("heater %d holds %.3f mW, above its %.3f mW limit", i, p, ringMaxMw);
            }
            appliedMw[i] = p;
            total += p;
            journaled[i] = code(i);
        }
        if (total > budgetMw + 1e-9) {
            return String.format("heaters hold %.1f mW in all, above the engine budget %.1f mW", total, budgetMw);
        }
        totalMw = total;
        return null;
    }

    private static int maxChannel(List<RingSpec> rs, String device) {
        int max = 0;
        for (RingSpec r : rs) {
            if (r.heaterDac().equals(device)) {
                max = Math.max(max, r.heaterChannel());
            }
        }
        return max;
    }

    /** Brings every heater chip to zero drive, with the ring limit in hardware where the chip has one. */
    public void init() {
        double maxVolts = Math.sqrt(ringMaxMw / 1000.0 * ohms);
        for (HeaterDevice d : devices) {
            d.init(maxVolts);
        }
        java.util.Arrays.fill(appliedMw, 0);
        totalMw = 0;
        record();
    }

    /**
     * Commands ring {@code i} to {@code mw}, clamped to [0, ring limit] and to what the engine budget
     * leaves; returns the power actually applied after quantisation (never above the limit).
     */
    public double set(int i, double mw) {
        double p = mw > ringMaxMw ? ringMaxMw : (mw > 0 ? mw : 0);
        double others = totalMw - appliedMw[i];
        if (others + p > budgetMw) {
            p = Math.max(0, budgetMw - others);
        }
        HeaterDevice d = deviceOfRing[i];
        int code = d.codeFor(Math.sqrt(p / 1000.0 * ohms));
        double applied = power(d.voltsFor(code));
        if (applied > p) {
            // Rounding up could pass the limit by a fraction of an LSB: round down instead.
            code = Math.max(0, code - 1);
            applied = power(d.voltsFor(code));
        }
        d.stage(channelOfRing[i], code);
        totalMw = others + applied;
        appliedMw[i] = applied;
        return applied;
    }

    private double power(double volts) {
        return volts * volts / ohms * 1000.0;
    }

    /** Writes the changed channels of each chip; its outputs move together. */
    public void flush() {
        for (HeaterDevice d : devices) {
            d.flush();
        }
        record();
    }

    /** Journals the codes now on the chips that cannot be read back (after their write succeeded). */
    private void record() {
        if (journal == null) {
            return;
        }
        for (int i = 0; i < rings; i++) {
            int c = deviceOfRing[i].staged(channelOfRing[i]);
            if (c != journaled[i] && !deviceOfRing[i].readsBack()) {
                journal.record(journalBase + i, c);
                journaled[i] = c;
            }
        }
    }

    /** Wire time of {@link #flush} when the heaters with {@code changed[i]} set have changed, ns: the bus budget. */
    public long writeWireNs(boolean[] changed) {
        long ns = 0;
        for (HeaterDevice d : devices) {
            long mask = 0;
            for (int i = 0; i < rings; i++) {
                if (changed[i] && deviceOfRing[i] == d) {
                    mask |= 1L << channelOfRing[i];
                }
            }
            ns += d.writeWireNs(mask);
        }
        return ns;
    }

    public int ringCount() {
        return rings;
    }

    public double appliedMw(int i) {
        return appliedMw[i];
    }

    public double ringMaxMw() {
        return ringMaxMw;
    }

    public int code(int i) {
        return deviceOfRing[i].staged(channelOfRing[i]);
    }
}
