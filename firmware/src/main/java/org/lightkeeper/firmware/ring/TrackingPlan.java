package org.lightkeeper.firmware.ring;

import org.lightkeeper.hal.board.BoardSpec;

/**
 * How one engine tracks its locked rings, chosen at start from its bus budget (DESIGN.md section 3:
 * "dither lock-in ... or gradient/peak tracking where the bus is too slow for dither"; docs/control.md
 * "Choosing per engine").
 *
 * <p>A full dither tick reads every monitor and writes every heater (the filters' dither moves every
 * heater every tick). Its SPI wire time comes from the engine's own chips: their frame sizes and SPI
 * clocks, through the same {@link org.lightkeeper.hal.bus.WireTime} arithmetic that charges the bus
 * ({@link MonitorBank#readWireNs}, {@link HeaterBank#writeWireNs}). The engine's allowance is
 * {@link #RING_BUS_SHARE} of the ring-loop period, split evenly between the engines (the control
 * thread ticks them one after another). Dither when the full tick fits; otherwise the rings are
 * serviced round robin in contiguous groups (channel order, so each chip needs one burst or the
 * fewest frames) of the largest size whose worst group fits, each ring held by a
 * {@link GradientTracker}.
 *
 * @param groupSize rings serviced per tick (every ring for dither)
 * @param groups ticks for the round robin to come back to a ring (1 for dither)
 * @param fullTickWireNs SPI wire time of a full dither tick of this engine
 * @param allowanceNs this engine's share of the ring-loop period for SPI wire time
 * @param tickWireNs wire time of the chosen tick (the worst group for gradient)
 * @param reason one line: the choice and the figures it was made on
 */
public record TrackingPlan(Mode mode, int groupSize, int groups, long fullTickWireNs, long allowanceNs,
                           long tickWireNs, String reason) {
    public enum Mode { DITHER, GRADIENT }

    /**
     * Share of the ring-loop period the ring loop's SPI wire time may take, all engines together. The
     * other half is the ELS loop's: one I2C transaction of about 250 us at 400 kHz per ELS tick
     * ({@code Firmware.RING_PERIOD_NS}), and both shipped boards tick the ELS loop every 500 us, so it
     * takes about half of the control thread's time.
     */
    public static final double RING_BUS_SHARE = 0.5;

    /** Every ring every tick, nothing measured: the engine's default until a plan is chosen. */
    public static TrackingPlan dither(int rings) {
        return new TrackingPlan(Mode.DITHER, rings, 1, 0, 0, 0, "dither: every ring every tick");
    }

    /**
     * The plan for an engine whose board file asks for {@code requested}, ticked every
     * {@code ringPeriodNs} with {@code enginesOnLoop} engines sharing the control thread.
     */
    public static TrackingPlan choose(BoardSpec.Tracking requested, HeaterBank heaters, MonitorBank monitors,
                                      long ringPeriodNs, int enginesOnLoop) {
        if (ringPeriodNs <= 0 || enginesOnLoop <= 0) {
            throw new IllegalArgumentException("ring period and engine count must be positive, got " + ringPeriodNs
                    + " ns and " + enginesOnLoop);
        }
        int n = heaters.ringCount();
        boolean[] in = new boolean[n];
        java.util.Arrays.fill(in, true);
        long full = monitors.readWireNs(in) + heaters.writeWireNs(in);
        long allowance = (long) (RING_BUS_SHARE * ringPeriodNs / enginesOnLoop);
        String budget = String.format("%s us (%.0f %% of the %s us ring period, shared by %d engine%s)", us(allowance),
                RING_BUS_SHARE * 100, us(ringPeriodNs), enginesOnLoop, enginesOnLoop == 1 ? "" : "s");
        boolean fits = full <= allowance;
        Mode mode = switch (requested) {
            case DITHER -> Mode.DITHER;
            case GRADIENT -> Mode.GRADIENT;
            case AUTO -> fits ? Mode.DITHER : Mode.GRADIENT;
        };
        String how = requested == BoardSpec.Tracking.AUTO ? "" : " (board file)";
        String fullTick = String.format("a full dither tick (%d monitors read, %d heaters written) takes %s us of SPI wire"
                + " time, %s this engine's %s", n, n, us(full), fits ? "within" : "over", budget);
        if (mode == Mode.DITHER) {
            return new TrackingPlan(mode, n, 1, full, allowance, full, "dither" + how + ": " + fullTick
                    + (fits ? "" : ": the ring loop will overrun"));
        }
        int size = n;
        long worst = groupWireNs(heaters, monitors, n, size);
        while (size > 1 && worst > allowance) {
            size--;
            worst = groupWireNs(heaters, monitors, n, size);
        }
        int groups = (n + size - 1) / size;
        String service = String.format("; rings serviced %d a tick in %d group%s (at most %s us a tick), each every %.1f ms%s",
                size, groups, groups == 1 ? "" : "s", us(worst), groups * ringPeriodNs / 1e6,
                worst > allowance ? ": even one ring a tick is over the allowance, the ring loop will overrun" : "");
        return new TrackingPlan(mode, size, groups, full, allowance, worst, "gradient" + how + ": " + fullTick + service);
    }

    /** Worst wire time of one tick over the contiguous groups of {@code size} rings. */
    static long groupWireNs(HeaterBank heaters, MonitorBank monitors, int n, int size) {
        long worst = 0;
        boolean[] in = new boolean[n];
        for (int first = 0; first < n; first += size) {
            java.util.Arrays.fill(in, false);
            java.util.Arrays.fill(in, first, Math.min(n, first + size), true);
            worst = Math.max(worst, monitors.readWireNs(in) + heaters.writeWireNs(in));
        }
        return worst;
    }

    /** Ticks between two services of a ring times the ring period, ns. */
    public long servicePeriodNs(long ringPeriodNs) {
        return groups * ringPeriodNs;
    }

    private static String us(long ns) {
        return String.format("%.1f", ns / 1000.0);
    }
}
