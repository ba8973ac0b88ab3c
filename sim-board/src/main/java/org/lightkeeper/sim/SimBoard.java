package org.lightkeeper.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.lightkeeper.hal.board.BoardFileException;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.ElsSlotSpec;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.I2cBusSpec;
import org.lightkeeper.hal.board.BoardSpec.I2cDeviceSpec;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;
import org.lightkeeper.hal.board.BoardSpec.SpiBusSpec;
import org.lightkeeper.hal.board.BoardSpec.SpiDeviceSpec;
import org.lightkeeper.hal.bus.BusProvider;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.SpiDevice;
import org.lightkeeper.hal.chip.Ltc2668;
import org.lightkeeper.sim.bus.I2cSegment;
import org.lightkeeper.sim.bus.I2cTarget;
import org.lightkeeper.sim.bus.SimI2cBus;
import org.lightkeeper.sim.bus.SimSpiDevice;
import org.lightkeeper.sim.bus.SpiTarget;
import org.lightkeeper.sim.chip.Ads8688Sim;
import org.lightkeeper.sim.chip.ElsfpProfile;
import org.lightkeeper.sim.chip.ElsfpSim;
import org.lightkeeper.sim.chip.Ltc2668Sim;
import org.lightkeeper.sim.chip.Pca9555Sim;
import org.lightkeeper.sim.chip.Tca9548aSim;
import org.lightkeeper.sim.chip.Tmp117Sim;
import org.lightkeeper.sim.physics.ScriptedTemperature;
import org.lightkeeper.sim.physics.EnginePhysics;
import org.lightkeeper.sim.physics.LaserSource;
import org.lightkeeper.sim.physics.PhysicsParams;
import org.lightkeeper.sim.physics.RingTruth;

/**
 * The simulated board, built from the same board file the firmware reads: one register-level
 * emulator per chip on virtual I2C/SPI buses, wired to the physics (heater DAC outputs heat rings,
 * monitor ADC inputs read photodiodes through their TIAs, the ELS comb lights the waveguides). It is
 * a {@link BusProvider}, so the firmware's real drivers talk to it byte for byte.
 */
public final class SimBoard implements BusProvider, org.lightkeeper.hal.bus.GpioProvider {
    /** Heater supply rail seen by an INA226 (assumed 5 V, the heater DACs' full scale). */
    static final double HEATER_RAIL_V = 5.0;
    /** INA226 shunt on the heater rail (assumed 10 mOhm: 8.2 A full scale at 81.92 mV). */
    static final double HEATER_SHUNT_OHM = 0.01;
    /** Board sensor sits between ambient and die; fraction of the die's rise it sees (assumed). */
    static final double BOARD_SENSOR_DIE_FRACTION = 0.5;

    private final BoardSpec spec;
    private final VirtualClock clock;
    private final PhysicsParams params;
    private final ScriptedTemperature die;
    private final Map<String, SimI2cBus> i2c = new HashMap<>();
    private final Map<String, SpiDevice> spi = new HashMap<>();
    private final Map<String, Object> emulators = new HashMap<>();
    private final Map<Integer, ElsfpSim> elsBySlot = new HashMap<>();
    private final Map<String, ElsfpSim> installed = new HashMap<>();   // by module name; absent when pulled
    private final Map<String, I2cSegment> segmentOf = new HashMap<>();
    private final ScriptedTemperature ambient;
    /** The host's own GPIO lines (a Raspberry Pi's gpiochip0: 58 lines), for parts wired straight to the SoC. */
    private final org.lightkeeper.sim.bus.SimGpioChip gpioChip;
    /** Bumped whenever a module is pulled, inserted or changed, so cached laser readings are refreshed. */
    private volatile long modulesVersion;
    private final List<EnginePhysics> engines = new ArrayList<>();

    private SimBoard(BoardSpec spec, VirtualClock clock, Long seed) {
        this.spec = spec;
        this.clock = clock;
        PhysicsParams p = PhysicsParams.from(spec.physics().orElseThrow(() -> new BoardFileException(spec.source(), 1,
                "board '" + spec.name() + "' has no 'physics:' section, which the simulator needs")));
        this.params = seed == null ? p : p.withSeed(seed);
        this.die = new ScriptedTemperature(params.dieC());
        this.ambient = new ScriptedTemperature(params.ambientC());
        this.gpioChip = new org.lightkeeper.sim.bus.SimGpioChip("gpiochip0", 58, clock);
    }

    public static SimBoard build(BoardSpec spec, VirtualClock clock) {
        return build(spec, clock, null);
    }

    /** Builds the board with the physics drawn from {@code seed} instead of the board file's (null: the file's). */
    public static SimBoard build(BoardSpec spec, VirtualClock clock, Long seed) {
        SimBoard b = new SimBoard(spec, clock, seed);
        b.buildI2c();
        b.buildEngines();
        b.buildSpi();
        return b;
    }

    private void buildI2c() {
        for (I2cBusSpec bs : spec.i2cBuses()) {
            SimI2cBus bus = new SimI2cBus(bs.bus(), bs.clockHz(), clock);
            i2c.put(bs.bus(), bus);
            for (I2cDeviceSpec d : bs.devices()) {
                I2cTarget t = switch (d.chip()) {
                    case TCA9548A -> new Tca9548aSim();
                    case PCA9555 -> new Pca9555Sim();
                    case TMP117 -> new Tmp117Sim(() -> boardTemperatureC());
                    // Heater supply monitor: 5 V rail, current of every voltage-driven heater (V / R).
                    case INA226 -> new org.lightkeeper.sim.chip.Ina226Sim(() -> HEATER_RAIL_V, this::heaterSupplyA,
                            HEATER_SHUNT_OHM, clock);
                    case ELSFP -> new ElsfpSim(clock, ElsfpProfile.generic8Lane(params.elsFirstLaneGhz(),
                            params.elsSpacingGhz()).toBuilder()
                            .defaultPowerMw(params.elsLanePowerMw())
                            .vendorSerialNumber("SIM" + d.name().toUpperCase(java.util.Locale.ROOT))
                            .initMs(params.elsInitMs())
                            .powerUpMs(params.elsPowerUpMs())
                            .laneRampMs(params.elsLaneRampMs())
                            .build());
                    default -> throw new IllegalStateException("not an I2C part: " + d.chip());
                };
                emulators.put(d.name(), t);
            }
            for (I2cDeviceSpec d : bs.devices()) {
                I2cSegment seg = d.behindMux() == null ? bus.root()
                        : ((Tca9548aSim) emulators.get(d.behindMux())).channel(d.channel());
                seg.attach(d.address(), (I2cTarget) emulators.get(d.name()));
                segmentOf.put(d.name(), seg);
                if (d.chip() == org.lightkeeper.hal.board.ChipType.ELSFP) {
                    installed.put(d.name(), (ElsfpSim) emulators.get(d.name()));
                }
            }
        }
        for (ElsSlotSpec s : spec.elsSlots()) {
            ElsfpSim els = (ElsfpSim) emulators.get(s.module());
            Pca9555Sim gpio = (Pca9555Sim) emulators.get(s.expander());
            elsBySlot.put(s.slot(), els);
            gpio.setInput(s.presentPin(), false);   // ModPrsL low: module inserted
            gpio.setInput(s.interruptPin(), true);  // IntL idle high
            gpio.addListener((pin, high) -> {
                ElsfpSim now = installed.get(s.module());
                if (now == null) {
                    return; // slot empty: the pins drive nothing
                }
                if (pin == s.resetPin()) {
                    now.setResetAsserted(!high);
                } else if (pin == s.lpModePin()) {
                    now.setLpModePin(high);
                }
            });
            wireSideband(s, els, gpio);
        }
    }

    private void buildEngines() {
        SplittableRandom seed = new SplittableRandom(params.seed());
        for (EngineSpec e : spec.engines()) {
            engines.add(new EnginePhysics(e, params, seed.split(), die, this::laser, clock));
        }
    }

    /** Power-up levels: expander pins are inputs with pull-ups until driven, so ResetL and LPMode read high. */
    private static void wireSideband(ElsSlotSpec s, ElsfpSim els, Pca9555Sim gpio) {
        els.setResetAsserted(!gpio.pinLevel(s.resetPin()));
        els.setLpModePin(gpio.pinLevel(s.lpModePin()));
    }

    /**
     * The comb of whatever module sits in the named device's slot now (dark while the slot is empty),
     * split evenly over every waveguide it feeds (an ideal 1:N splitter, assumed).
     */
    private LaserSource laser(String moduleName) {
        ElsfpSim first = installed.get(moduleName);
        int fanout = 0;
        for (EngineSpec e : spec.engines()) {
            for (BoardSpec.WaveguideSpec w : e.waveguides()) {
                if (moduleName.equals(w.elsModule())) {
                    fanout++;
                }
            }
        }
        double share = 1.0 / Math.max(1, fanout);
        return new LaserSource() {
            // Every waveguide of every engine asks at the same virtual instant: read the module once.
            private final double[] mw = new double[8];
            private final double[] nm = new double[8];
            private long readAt = -1;
            private long readVersion = -1;

            private void refresh() {
                long now = clock.nanos();
                if (now == readAt && readVersion == modulesVersion) {
                    return;
                }
                ElsfpSim els = installed.get(moduleName);
                ElsfpSim optics = els == null ? first : els;
                // DFB lines move with the laser temperature (~0.1 nm/K); the module's TEC holds it to
                // a small ripple (assumed sinusoidal), which the rings must track as laser jitter.
                double tecK = params.tecRippleK() * Math.sin(2 * Math.PI * now / (params.tecRipplePeriodS() * 1e9));
                double shiftNm = tecK * params.laserPmPerK() / 1000.0;
                for (int lane = 0; lane < 8; lane++) {
                    mw[lane] = els == null ? 0 : els.laneOutputMw(lane) * share;
                    nm[lane] = optics.laneWavelengthNm(lane) + shiftNm;
                }
                readAt = now;
                readVersion = modulesVersion;
            }

            @Override
            public int lanes() {
                return 8;
            }

            @Override
            public double powerMw(int lane) {
                refresh();
                return mw[lane];
            }

            @Override
            public double wavelengthNm(int lane) {
                refresh();
                return nm[lane];
            }
        };
    }

    private void buildSpi() {
        // Which ring each DAC output heats and each ADC input reads: per device, {engine, index} by channel.
        Map<String, int[][]> heaterOf = new HashMap<>();
        Map<String, int[][]> monitorOf = new HashMap<>();
        for (int e = 0; e < spec.engines().size(); e++) {
            EngineSpec es = spec.engines().get(e);
            for (int i = 0; i < es.rings().size(); i++) {
                RingSpec r = es.rings().get(i);
                heaterOf.computeIfAbsent(r.heaterDac(), k -> new int[64][])[r.heaterChannel()] = new int[] {e, i};
                monitorOf.computeIfAbsent(r.monitorAdc(), k -> new int[64][])[r.monitorChannel()] = new int[] {e, i};
            }
        }
        for (SpiBusSpec bs : spec.spiBuses()) {
            for (SpiDeviceSpec d : bs.devices()) {
                int[][] heats = heaterOf.getOrDefault(d.name(), new int[64][]);
                int[][] reads = monitorOf.getOrDefault(d.name(), new int[64][]);
                SpiTarget t = switch (d.chip()) {
                    case LTC2668 -> new Ltc2668Sim(Ltc2668.Span.UNIPOLAR_5V, (ch, volts) -> {
                        int[] ring = heats[ch];
                        if (ring != null) {
                            engines.get(ring[0]).setHeaterVolts(ring[1], volts);
                        }
                    });
                    case ADS8688 -> new Ads8688Sim(ch -> {
                        int[] ring = reads[ch];
                        if (ring == null) {
                            return 0.0;
                        }
                        double gainKohm = spec.engines().get(ring[0]).optics().tiaGainKohm();
                        return engines.get(ring[0]).monitorMa(ring[1]) * gainKohm; // mA * kohm = V
                    });
                    case EIC -> new org.lightkeeper.sim.chip.EicSim(org.lightkeeper.hal.chip.eic.EicRegisters.MAX_RINGS,
                            (ch, code) -> {
                                int[] ring = heats[ch];
                                if (ring != null) {
                                    engines.get(ring[0]).setHeaterVolts(ring[1], code / 65535.0
                                            * org.lightkeeper.hal.chip.eic.EicRegisters.ASSUMED_HEATER_FULL_SCALE_V);
                                }
                            },
                            ch -> {
                                int[] ring = reads[ch];
                                if (ring == null) {
                                    return 0;
                                }
                                double amps = engines.get(ring[0]).monitorMa(ring[1]) / 1000.0;
                                long code = Math.round(amps / org.lightkeeper.hal.chip.eic.EicRegisters.ASSUMED_MONITOR_FULL_SCALE_A * 65535);
                                return (int) Math.max(0, Math.min(65535, code));
                            },
                            () -> die.at(clock.nanos()));
                    default -> throw new IllegalStateException("not an SPI part: " + d.chip());
                };
                emulators.put(d.name(), t);
                spi.put(bs.bus() + "." + d.chipSelect(), new SimSpiDevice(bs.bus() + "." + d.chipSelect(),
                        d.clockHz(), clock, t));
            }
        }
    }

    double boardTemperatureC() {
        long t = clock.nanos();
        double amb = ambient.at(t);
        return amb + BOARD_SENSOR_DIE_FRACTION * (die.at(t) - amb);
    }

    /** Current drawn from the heater rail: sum of V / R over every heater (voltage-driven through buffers). */
    double heaterSupplyA() {
        double amps = 0;
        for (int e = 0; e < engines.size(); e++) {
            double ohms = spec.engines().get(e).optics().heaterResistanceOhm();
            for (int i = 0; i < engines.get(e).ringCount(); i++) {
                amps += Math.sqrt(engines.get(e).heaterPowerMw(i) / 1000.0 * ohms) / ohms;
            }
        }
        return amps;
    }

    // ------------------------------------------------------------------ fault injection

    private ElsSlotSpec slotSpec(int slot) {
        for (ElsSlotSpec s : spec.elsSlots()) {
            if (s.slot() == slot) {
                return s;
            }
        }
        throw new IllegalArgumentException("board '" + spec.name() + "' has no ELS slot " + slot);
    }

    /** Pulls the ELS module out of {@code slot}: ModPrsL goes high, it stops answering, its light goes dark. */
    public synchronized void pullEls(int slot) {
        ElsSlotSpec s = slotSpec(slot);
        if (installed.remove(s.module()) == null) {
            throw new IllegalStateException("ELS slot " + slot + " is already empty");
        }
        segmentOf.get(s.module()).detach(i2cAddress(s.module()));
        ((Pca9555Sim) emulators.get(s.expander())).setInput(s.presentPin(), true);
        modulesVersion++;
        engines.forEach(EnginePhysics::invalidate);
    }

    /** Inserts a module into the empty {@code slot}: the same profile as the board's, or {@code profile}. */
    public synchronized ElsfpSim insertEls(int slot, ElsfpProfile profile) {
        ElsSlotSpec s = slotSpec(slot);
        if (installed.containsKey(s.module())) {
            throw new IllegalStateException("ELS slot " + slot + " is occupied");
        }
        ElsfpSim els = new ElsfpSim(clock, profile == null ? elsBySlot.get(slot).profile() : profile);
        Pca9555Sim gpio = (Pca9555Sim) emulators.get(s.expander());
        wireSideband(s, els, gpio);
        segmentOf.get(s.module()).attach(i2cAddress(s.module()), els);
        installed.put(s.module(), els);
        elsBySlot.put(slot, els);
        emulators.put(s.module(), els);
        gpio.setInput(s.presentPin(), false);
        modulesVersion++;
        engines.forEach(EnginePhysics::invalidate);
        return els;
    }

    private int i2cAddress(String device) {
        return spec.i2cDevice(device).address();
    }

    /** The engine and index of the ring with board id {@code ringId}. */
    private int[] ring(int ringId) {
        for (int e = 0; e < engines.size(); e++) {
            int i = engines.get(e).indexOf(ringId);
            if (i >= 0) {
                return new int[] {e, i};
            }
        }
        throw new IllegalArgumentException("board '" + spec.name() + "' has no ring " + ringId);
    }

    /** Ring {@code ringId}'s heater opens or shorts (no thermal response), or is repaired. */
    public synchronized void setHeaterFailed(int ringId, boolean failed) {
        int[] r = ring(ringId);
        engines.get(r[0]).setHeaterFailed(r[1], failed);
    }

    /** Ring {@code ringId}'s monitor photodiode dies (reads zero), or is repaired. */
    public synchronized void setMonitorDead(int ringId, boolean dead) {
        int[] r = ring(ringId);
        engines.get(r[0]).setMonitorDead(r[1], dead);
    }

    /** The laser of one lane of the module in {@code slot} dies. */
    public synchronized void killLaser(int slot, int lane) {
        ElsfpSim els = installed.get(slotSpec(slot).module());
        if (els == null) {
            throw new IllegalStateException("ELS slot " + slot + " is empty");
        }
        els.killLane(lane);
        modulesVersion++;
        engines.forEach(EnginePhysics::invalidate);
    }

    /** Ages one lane's laser (0 new .. 1 end of life). */
    public synchronized void ageLaser(int slot, int lane, double fraction) {
        ElsfpSim els = installed.get(slotSpec(slot).module());
        if (els == null) {
            throw new IllegalStateException("ELS slot " + slot + " is empty");
        }
        els.ageLane(lane, fraction);
        modulesVersion++;
    }

    /** The board file's ELS slot numbers, in file order (ground truth and tests). */
    public List<Integer> elsSlotNumbers() {
        return spec.elsSlots().stream().map(ElsSlotSpec::slot).toList();
    }

    /** Light lane {@code lane} of the module in {@code slot} puts out, mW; 0 for an empty slot (ground truth). */
    public synchronized double elsLaneOutputMw(int slot, int lane) {
        ElsfpSim els = installed.get(slotSpec(slot).module());
        return els == null ? 0 : els.laneOutputMw(lane);
    }

    /** Ambient temperature script (board sensor); ambient changes reach the die too: script both. */
    public ScriptedTemperature ambient() {
        return ambient;
    }

    @Override
    public I2cBus i2c(String bus, int clockHz) {
        SimI2cBus b = i2c.get(bus);
        if (b == null) {
            throw new IllegalArgumentException("simulated board has no I2C bus '" + bus + "'");
        }
        return b;
    }

    @Override
    public SpiDevice spi(String bus, int chipSelect, int clockHz) {
        SpiDevice d = spi.get(bus + "." + chipSelect);
        if (d == null) {
            throw new IllegalArgumentException("simulated board has nothing on " + bus + " chip select " + chipSelect);
        }
        return d;
    }

    @Override
    public String backend() {
        return "sim";
    }

    /** Waits cost virtual time only: the run stays deterministic and faster than real time. */
    @Override
    public org.lightkeeper.hal.time.Sleeper sleeper(org.lightkeeper.hal.time.Clock ignored) {
        return clock::advance;
    }

    public VirtualClock clock() {
        return clock;
    }

    @Override
    public org.lightkeeper.hal.bus.GpioPin gpio(String chip, int line, org.lightkeeper.hal.bus.GpioDirection direction) {
        return gpioChip.gpio(chip, line, direction);
    }

    /** The simulated SoC GPIO chip, to drive its lines from outside in tests and scenarios. */
    public org.lightkeeper.sim.bus.SimGpioChip gpioChip() {
        return gpioChip;
    }

    public ScriptedTemperature die() {
        return die;
    }

    public PhysicsParams params() {
        return params;
    }

    public ElsfpSim els(int slot) {
        return elsBySlot.get(slot);
    }

    /** The emulator behind a board-file device name, for fault injection and tests. */
    public Object emulator(String deviceName) {
        return emulators.get(deviceName);
    }

    /** Ground truth of every ring, in board-file order (tests and benchmarks only). */
    public List<RingTruth> truth() {
        List<RingTruth> out = new ArrayList<>();
        for (EnginePhysics e : engines) {
            for (int i = 0; i < e.ringCount(); i++) {
                out.add(e.truth(i));
            }
        }
        return out;
    }

    public EnginePhysics engine(int index) {
        return engines.get(index);
    }

    public int engineCount() {
        return engines.size();
    }
}
