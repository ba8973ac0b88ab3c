package org.lightkeeper.hal.board;

import java.util.List;
import java.util.Optional;

/**
 * A validated board description: buses and the chips on them, ELS slots and their sideband pins,
 * optical engines and their rings. Immutable. The simulator builds its board from the same spec;
 * {@link #physics()} is the simulator-only section (absent on a real board). {@link #backend()} names
 * where the buses come from: {@code sim}, {@code pi4j}, {@code diozero} or {@code remote} (a bus server
 * elsewhere, docs/remote-bus.md; one of {@link #BACKENDS}).
 */
public record BoardSpec(
        String name,
        String source,
        List<I2cBusSpec> i2cBuses,
        List<SpiBusSpec> spiBuses,
        List<ElsSlotSpec> elsSlots,
        String boardTemperatureSensor,
        List<EngineSpec> engines,
        Optional<ConfigNode> physics,
        String backend,
        Control control) {

    /** Values of the board file's {@code backend:} key; the first is the default. */
    public static final List<String> BACKENDS = List.of("sim", "pi4j", "diozero", "remote");

    /**
     * Loop periods (DESIGN.md section 3): ring tracking, and the ELS loop that services one slot's
     * management interface per tick. Chosen per board from its bus budget.
     */
    public record Control(long ringPeriodNs, long elsPeriodNs) {
        public static final Control DEFAULT = new Control(500_000, 500_000);
    }

    public record I2cBusSpec(String bus, int clockHz, List<I2cDeviceSpec> devices) {
    }

    /** {@code behindMux} is null for a device on the root segment. */
    public record I2cDeviceSpec(String name, ChipType chip, int address, String behindMux, int channel, int line) {
    }

    public record SpiBusSpec(String bus, List<SpiDeviceSpec> devices) {
    }

    public record SpiDeviceSpec(String name, ChipType chip, int chipSelect, int clockHz, int line) {
    }

    /** ELS sideband on a PCA9555: pin numbers 0-15 (ModPrsL, ResetL, LPMode, IntL). */
    public record ElsSlotSpec(int slot, String module, String expander, int presentPin, int resetPin,
                              int lpModePin, int interruptPin, int line, boolean firmwarePowerLoop) {
        public ElsSlotSpec(int slot, String module, String expander, int presentPin, int resetPin, int lpModePin,
                           int interruptPin, int line) {
            this(slot, module, expander, presentPin, resetPin, lpModePin, interruptPin, line, false);
        }
    }

    public enum RingKind { MODULATOR, FILTER }

    /** {@code elsModule} feeds the waveguide directly; otherwise it gets the light leaving {@code loopbackFrom}. */
    public record WaveguideSpec(String name, RingKind kind, String elsModule, String loopbackFrom, int line) {
    }

    public record RingSpec(int id, String waveguide, RingKind kind, int position, String heaterDac, int heaterChannel,
                           String monitorAdc, int monitorChannel, int line) {
    }

    /**
     * Design values the firmware may rely on: heater electrical limits, monitor gain, nominal tuning
     * efficiency and crosstalk (starting points; the control loops measure the real ones).
     */
    public record EngineOptics(double heaterResistanceOhm, double heaterMaxMw, double engineHeaterBudgetMw,
                               double dacFullScaleV, double tiaGainKohm, double adcFullScaleV,
                               double heaterEfficiencyNmPerMw, double neighbourCoupling, double modulatorLockFraction,
                               double heaterHeadroomMw) {
    }

    /**
     * How an engine's locked rings are tracked (board file {@code tracking:}, per engine): {@code AUTO}
     * chooses from the bus budget, {@code DITHER} forces the dither lock-in on every ring every tick,
     * {@code GRADIENT} the round-robin gradient tracker.
     */
    public enum Tracking { AUTO, DITHER, GRADIENT }

    /**
     * {@code lineHop} (board file {@code line_hop:}, per engine, off by default): whether a waveguide
     * whose rings the die has run to an end of their heaters may move every ring to its next line at
     * once (docs/control.md, "Line hop"). It changes the lane each ring serves, so only where the host
     * follows each ring's assigned lane.
     *
     * <p>{@code codedGating} (board file {@code calibration_gating: coded}, per engine; {@code lane} by
     * default): whether the calibration sweep lights the lanes in coded sets, four sweeps a stage instead
     * of eight (docs/control.md, "Calibration sweep").
     *
     * <p>{@code heaterTimeConstantUs} (board file {@code heater_time_constant_us:}, per engine; NaN when
     * not declared): the heaters' thermal time constant as measured at bring-up. Declared, the calibration
     * sweep may step faster than the ring loop, each step read once the heaters have settled
     * (docs/control.md, "Calibration sweep steps faster than the ring tick"); not declared, one step a
     * ring-loop tick.
     */
    public record EngineSpec(int engine, EngineOptics optics, List<WaveguideSpec> waveguides, List<RingSpec> rings,
                             Tracking tracking, boolean lineHop, boolean codedGating, double heaterTimeConstantUs) {
        public EngineSpec(int engine, EngineOptics optics, List<WaveguideSpec> waveguides, List<RingSpec> rings) {
            this(engine, optics, waveguides, rings, Tracking.AUTO, false, false, Double.NaN);
        }

        /** Whether the board file declares the heaters' thermal time constant. */
        public boolean heaterTimeConstantDeclared() {
            return !Double.isNaN(heaterTimeConstantUs);
        }
    }

    public I2cDeviceSpec i2cDevice(String name) {
        for (I2cBusSpec b : i2cBuses) {
            for (I2cDeviceSpec d : b.devices()) {
                if (d.name().equals(name)) {
                    return d;
                }
            }
        }
        return null;
    }

    public I2cBusSpec i2cBusOf(String deviceName) {
        for (I2cBusSpec b : i2cBuses) {
            for (I2cDeviceSpec d : b.devices()) {
                if (d.name().equals(deviceName)) {
                    return b;
                }
            }
        }
        return null;
    }

    public SpiDeviceSpec spiDevice(String name) {
        for (SpiBusSpec b : spiBuses) {
            for (SpiDeviceSpec d : b.devices()) {
                if (d.name().equals(name)) {
                    return d;
                }
            }
        }
        return null;
    }

    public SpiBusSpec spiBusOf(String deviceName) {
        for (SpiBusSpec b : spiBuses) {
            for (SpiDeviceSpec d : b.devices()) {
                if (d.name().equals(deviceName)) {
                    return b;
                }
            }
        }
        return null;
    }

    public int ringCount() {
        int n = 0;
        for (EngineSpec e : engines) {
            n += e.rings().size();
        }
        return n;
    }
}
