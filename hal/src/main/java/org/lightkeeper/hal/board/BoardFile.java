package org.lightkeeper.hal.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lightkeeper.hal.board.BoardSpec.ElsSlotSpec;
import org.lightkeeper.hal.board.BoardSpec.EngineOptics;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.I2cBusSpec;
import org.lightkeeper.hal.board.BoardSpec.I2cDeviceSpec;
import org.lightkeeper.hal.board.BoardSpec.RingKind;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;
import org.lightkeeper.hal.board.BoardSpec.SpiBusSpec;
import org.lightkeeper.hal.board.BoardSpec.SpiDeviceSpec;
import org.lightkeeper.hal.board.BoardSpec.WaveguideSpec;

/**
 * Reads and validates a board file (format: docs/board-file.md). Every fault is reported as
 * {@code file:line: what is wrong}; a board that fails here is never driven.
 */
public final class BoardFile {
    /**
     * Bounds of an engine's {@code heater_time_constant_us}: the range the simulator's {@code physics:}
     * accepts for its heaters' {@code heater_tau_us} (sim-board PhysicsParams), which holds DESIGN.md
     * section 2's 4 us (metal) to 100 us (undercut) with a decade and more either side. A value outside it
     * is a unit slip (ms or ns for us), not a heater.
     */
    public static final double MIN_HEATER_TAU_US = 0.1;
    public static final double MAX_HEATER_TAU_US = 10_000;

    private BoardFile() {
    }

    /** A built-in board by name ({@code devkit}) or a path to a YAML file. */
    public static BoardSpec load(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml") || Files.exists(p)) {
            try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                return parse(p.toString(), r);
            } catch (IOException e) {
                throw new BoardFileException(nameOrPath, 0, "cannot read: " + e.getMessage());
            }
        }
        String resource = "boards/" + nameOrPath + ".yaml";
        InputStream in = BoardFile.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new BoardFileException(nameOrPath, 0, "no such board file, and no built-in board of that name");
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return parse(resource, r);
        } catch (IOException e) {
            throw new BoardFileException(resource, 0, "cannot read: " + e.getMessage());
        }
    }

    public static BoardSpec parse(String file, Reader reader) {
        return new Parser(ConfigNode.parse(file, reader)).parse();
    }

    private static final class Parser {
        private final ConfigNode top;
        private final Map<String, Object> devices = new HashMap<>();

        Parser(ConfigNode top) {
            this.top = top;
        }

        BoardSpec parse() {
            String name = top.string("board");
            String backend = top.string("backend", BoardSpec.BACKENDS.get(0));
            if (!BoardSpec.BACKENDS.contains(backend)) {
                throw top.error("backend", "backend must be one of " + String.join(", ", BoardSpec.BACKENDS)
                        + ", got '" + backend + "'");
            }
            List<I2cBusSpec> i2c = new ArrayList<>();
            for (ConfigNode b : top.list("i2c", true)) {
                i2c.add(i2cBus(b));
            }
            checkMuxes(i2c);
            List<SpiBusSpec> spi = new ArrayList<>();
            for (ConfigNode b : top.list("spi", true)) {
                spi.add(spiBus(b));
            }
            List<ElsSlotSpec> els = new ArrayList<>();
            Set<Integer> slots = new HashSet<>();
            for (ConfigNode s : top.list("els", true)) {
                ElsSlotSpec slot = elsSlot(s);
                if (!slots.add(slot.slot())) {
                    throw s.error("slot", "ELS slot " + slot.slot() + " is declared twice");
                }
                els.add(slot);
            }
            String boardTemp = null;
            if (top.has("board_temperature")) {
                boardTemp = top.string("board_temperature");
                requireDevice(top, "board_temperature", boardTemp, ChipType.TMP117);
            }
            List<EngineSpec> engines = new ArrayList<>();
            Set<Integer> engineIds = new HashSet<>();
            Set<Integer> ringIds = new HashSet<>();
            Set<String> heaterUse = new HashSet<>();
            Set<String> monitorUse = new HashSet<>();
            for (ConfigNode e : top.list("engines", true)) {
                EngineSpec engine = engine(e, ringIds, heaterUse, monitorUse);
                if (!engineIds.add(engine.engine())) {
                    throw e.error("engine", "engine " + engine.engine() + " is declared twice");
                }
                engines.add(engine);
            }
            Optional<ConfigNode> physics = Optional.empty();
            if (top.has("physics")) {
                physics = Optional.of(top.map("physics"));
            }
            BoardSpec.Control control = control();
            top.requireNoUnknownKeys();
            return new BoardSpec(name, top.file(), List.copyOf(i2c), List.copyOf(spi), List.copyOf(els), boardTemp,
                    List.copyOf(engines), physics, backend, control);
        }

        private BoardSpec.Control control() {
            if (!top.has("control")) {
                return BoardSpec.Control.DEFAULT;
            }
            ConfigNode c = top.map("control");
            BoardSpec.Control ctl = new BoardSpec.Control(
                    c.integer("ring_period_us", 50, 100_000, 500) * 1000L,
                    c.integer("els_period_us", 100, 1_000_000, 500) * 1000L);
            c.requireNoUnknownKeys();
            return ctl;
        }

        private ChipType chip(ConfigNode d) {
            String c = d.string("chip");
            ChipType t = ChipType.fromYaml(c);
            if (t == null) {
                throw d.error("chip", "unknown chip '" + c + "' (known: " + ChipType.known() + ")");
            }
            return t;
        }

        private void declare(ConfigNode d, String name, Object spec) {
            if (devices.put(name, spec) != null) {
                throw d.error("name", "device name '" + name + "' is used twice");
            }
        }

        private I2cBusSpec i2cBus(ConfigNode b) {
            String bus = b.string("bus");
            int clock = b.integer("clock_hz", 10_000, 3_400_000, 400_000);
            List<I2cDeviceSpec> list = new ArrayList<>();
            for (ConfigNode d : b.list("devices", false)) {
                String name = d.string("name");
                ChipType chip = chip(d);
                if (chip.bus != ChipType.Bus.I2C) {
                    throw d.error("chip", "'" + chip.yamlName() + "' is an SPI part and cannot sit on I2C bus '" + bus + "'");
                }
                int address = d.integer("address", chip.minAddress, chip.maxAddress);
                String mux = d.string("behind", null);
                int channel = mux == null ? -1 : d.integer("channel", 0, 7);
                d.requireNoUnknownKeys();
                I2cDeviceSpec spec = new I2cDeviceSpec(name, chip, address, mux, channel, d.line());
                declare(d, name, spec);
                list.add(spec);
            }
            b.requireNoUnknownKeys();
            return new I2cBusSpec(bus, clock, List.copyOf(list));
        }

        /** Muxes exist on the same bus; no two devices answer one address on one electrical segment. */
        private void checkMuxes(List<I2cBusSpec> buses) {
            for (I2cBusSpec b : buses) {
                Map<String, I2cDeviceSpec> bySegment = new HashMap<>();
                for (I2cDeviceSpec d : b.devices()) {
                    if (d.behindMux() != null) {
                        Object m = devices.get(d.behindMux());
                        if (!(m instanceof I2cDeviceSpec mux) || mux.chip() != ChipType.TCA9548A
                                || !b.devices().contains(mux)) {
                            throw new BoardFileException(top.file(), d.line(), "device '" + d.name() + "' is behind '"
                                    + d.behindMux() + "', which is not a tca9548a on bus '" + b.bus() + "'");
                        }
                        if (mux.behindMux() != null) {
                            throw new BoardFileException(top.file(), d.line(), "cascaded muxes are not supported yet: '"
                                    + d.behindMux() + "' is itself behind a mux");
                        }
                    }
                }
                // A device on the root segment is electrically on every channel too (TCA9548A section 8.3).
                for (I2cDeviceSpec d : b.devices()) {
                    String seg = d.behindMux() == null ? "" : d.behindMux() + "." + d.channel();
                    I2cDeviceSpec clash = bySegment.put(seg + "@" + d.address(), d);
                    if (clash == null && d.behindMux() != null) {
                        clash = bySegment.get("@" + d.address());
                    }
                    if (clash == null && d.behindMux() == null) {
                        for (Map.Entry<String, I2cDeviceSpec> e : bySegment.entrySet()) {
                            if (e.getValue() != d && e.getKey().endsWith("@" + d.address())) {
                                clash = e.getValue();
                            }
                        }
                    }
                    if (clash != null) {
                        throw new BoardFileException(top.file(), d.line(), String.format(
                                "duplicate address 0x%02X on bus '%s'%s: '%s' and '%s' (line %d) would both answer",
                                d.address(), b.bus(), seg.isEmpty() ? "" : " segment " + seg, d.name(), clash.name(),
                                clash.line()));
                    }
                }
            }
        }

        private SpiBusSpec spiBus(ConfigNode b) {
            String bus = b.string("bus");
            List<SpiDeviceSpec> list = new ArrayList<>();
            Set<Integer> cs = new HashSet<>();
            for (ConfigNode d : b.list("devices", false)) {
                String name = d.string("name");
                ChipType chip = chip(d);
                if (chip.bus != ChipType.Bus.SPI) {
                    throw d.error("chip", "'" + chip.yamlName() + "' is an I2C part and cannot sit on SPI bus '" + bus + "'");
                }
                int select = d.integer("chip_select", 0, 15);
                if (!cs.add(select)) {
                    throw d.error("chip_select", "chip select " + select + " on SPI bus '" + bus + "' is used twice");
                }
                int clock = d.integer("clock_hz", 100_000, 100_000_000);
                d.requireNoUnknownKeys();
                SpiDeviceSpec spec = new SpiDeviceSpec(name, chip, select, clock, d.line());
                declare(d, name, spec);
                list.add(spec);
            }
            b.requireNoUnknownKeys();
            return new SpiBusSpec(bus, List.copyOf(list));
        }

        private static ChipType chipOf(Object d) {
            return d instanceof I2cDeviceSpec i ? i.chip() : d instanceof SpiDeviceSpec s ? s.chip() : null;
        }

        private Object requireDevice(ConfigNode n, String key, String name, ChipType type) {
            Object d = devices.get(name);
            ChipType actual = d instanceof I2cDeviceSpec i ? i.chip() : d instanceof SpiDeviceSpec s ? s.chip() : null;
            if (actual == null) {
                throw n.error(key, "'" + key + "' names '" + name + "', which is not a device on any bus");
            }
            if (actual != type) {
                throw n.error(key, "'" + key + "' must name a " + type.yamlName() + ", but '" + name + "' is a "
                        + actual.yamlName());
            }
            return d;
        }

        private ElsSlotSpec elsSlot(ConfigNode s) {
            int slot = s.integer("slot", 0, 63);
            String module = s.string("module");
            requireDevice(s, "module", module, ChipType.ELSFP);
            ConfigNode sb = s.map("sideband");
            String expander = sb.string("expander");
            requireDevice(sb, "expander", expander, ChipType.PCA9555);
            int present = sb.integer("present_pin", 0, 15);
            int reset = sb.integer("reset_pin", 0, 15);
            int lp = sb.integer("lpmode_pin", 0, 15);
            int irq = sb.integer("interrupt_pin", 0, 15);
            if (new HashSet<>(List.of(present, reset, lp, irq)).size() != 4) {
                throw sb.error("present_pin", "sideband pins of ELS slot " + slot + " must be four different pins");
            }
            sb.requireNoUnknownKeys();
            String mode = s.string("laser_control", "apc");
            if (!mode.equals("apc") && !mode.equals("acc")) {
                throw s.error("laser_control", "laser_control must be 'apc' (the module holds power) or 'acc' "
                        + "(the firmware closes the power loop on the bias), got '" + mode + "'");
            }
            s.requireNoUnknownKeys();
            return new ElsSlotSpec(slot, module, expander, present, reset, lp, irq, s.line(), mode.equals("acc"));
        }

        private EngineOptics optics(ConfigNode o) {
            EngineOptics eo = new EngineOptics(
                    o.number("heater_resistance_ohm", 10, 100_000),
                    o.number("heater_max_mw", 0.1, 200),
                    o.number("engine_heater_budget_mw", 0.1, 20_000),
                    o.number("dac_full_scale_v", 0.5, 20),
                    o.number("tia_gain_kohm", 0.001, 10_000),
                    o.number("adc_full_scale_v", 0.5, 20),
                    o.number("heater_efficiency_nm_per_mw", 0.01, 5),
                    o.number("neighbour_coupling", 0, 0.5),
                    o.number("modulator_lock_fraction", 0.05, 1.0),
                    o.number("heater_headroom_mw", 0, 100, 0));
            double dacMaxMw = eo.dacFullScaleV() * eo.dacFullScaleV() / eo.heaterResistanceOhm() * 1000;
            if (eo.heaterMaxMw() > dacMaxMw) {
                throw o.error("heater_max_mw", "heater_max_mw = " + eo.heaterMaxMw() + " exceeds what the DAC can drive ("
                        + String.format("%.2f", dacMaxMw) + " mW at " + eo.dacFullScaleV() + " V into "
                        + eo.heaterResistanceOhm() + " ohm)");
            }
            o.requireNoUnknownKeys();
            return eo;
        }

        private EngineSpec engine(ConfigNode e, Set<Integer> ringIds, Set<String> heaterUse, Set<String> monitorUse) {
            int id = e.integer("engine", 0, 255);
            EngineOptics optics = optics(e.map("optics"));
            Map<String, WaveguideSpec> wgs = new HashMap<>();
            List<WaveguideSpec> wgList = new ArrayList<>();
            for (ConfigNode w : e.list("waveguides", false)) {
                String name = w.string("name");
                String kind = w.string("kind");
                RingKind k = switch (kind) {
                    case "modulator" -> RingKind.MODULATOR;
                    case "filter" -> RingKind.FILTER;
                    default -> throw w.error("kind", "waveguide kind must be 'modulator' or 'filter', got '" + kind + "'");
                };
                String els = w.string("light_from_els", null);
                String loop = w.string("loopback_from", null);
                if ((els == null) == (loop == null)) {
                    throw new BoardFileException(w.file(), w.line(),
                            "waveguide '" + name + "' needs exactly one of light_from_els or loopback_from");
                }
                if (els != null) {
                    requireDevice(w, "light_from_els", els, ChipType.ELSFP);
                } else if (!wgs.containsKey(loop)) {
                    throw w.error("loopback_from", "loopback_from names '" + loop + "', not an earlier waveguide of this engine");
                }
                w.requireNoUnknownKeys();
                WaveguideSpec spec = new WaveguideSpec(name, k, els, loop, w.line());
                if (wgs.put(name, spec) != null) {
                    throw w.error("name", "waveguide '" + name + "' is declared twice");
                }
                wgList.add(spec);
            }
            List<RingSpec> rings = new ArrayList<>();
            Map<String, Integer> positions = new HashMap<>();
            for (ConfigNode r : e.list("rings", false)) {
                rings.add(ring(r, wgs, positions, ringIds, heaterUse, monitorUse));
            }
            String tracking = e.string("tracking", "auto");
            BoardSpec.Tracking t = switch (tracking) {
                case "auto" -> BoardSpec.Tracking.AUTO;
                case "dither" -> BoardSpec.Tracking.DITHER;
                case "gradient" -> BoardSpec.Tracking.GRADIENT;
                default -> throw e.error("tracking", "tracking of engine " + id + " must be 'auto' (chosen from the bus"
                        + " budget), 'dither' (lock-in on every ring every tick) or 'gradient' (rings in turn, for a"
                        + " slow bus), got '" + tracking + "'");
            };
            String hop = e.string("line_hop", "off");
            if (!hop.equals("on") && !hop.equals("off")) {
                throw e.error("line_hop", "line_hop of engine " + id + " must be 'off' (default: a ring the die runs out of"
                        + " heater range is lost and parked) or 'on' (its waveguide moves to the next lines; the host must"
                        + " follow each ring's assigned lane), got '" + hop + "'");
            }
            boolean lineHop = hop.equals("on");
            String gating = e.string("calibration_gating", "lane");
            if (!gating.equals("lane") && !gating.equals("coded")) {
                throw e.error("calibration_gating", "calibration_gating of engine " + id + " must be 'lane' (default: one"
                        + " lane lit per sweep) or 'coded' (lanes lit in coded sets, half the sweeps), got '" + gating + "'");
            }
            double tau = heaterTimeConstantUs(e, id);
            e.requireNoUnknownKeys();
            return new EngineSpec(id, optics, List.copyOf(wgList), List.copyOf(rings), t, lineHop, gating.equals("coded"),
                    tau);
        }

        /**
         * The engine's optional {@code heater_time_constant_us}: the heaters' thermal time constant as a
         * bring-up engineer measures it (a heater step, the monitor's response), NaN when absent. Bounds:
         * {@link #MIN_HEATER_TAU_US}..{@link #MAX_HEATER_TAU_US}, a number and nothing else.
         */
        private double heaterTimeConstantUs(ConfigNode e, int id) {
            String key = "heater_time_constant_us";
            if (!e.has(key)) {
                return Double.NaN;
            }
            String v = e.string(key);
            double tau;
            try {
                tau = Double.parseDouble(v.replace("_", ""));
            } catch (NumberFormatException ex) {
                tau = Double.NaN;
            }
            if (!(tau >= MIN_HEATER_TAU_US && tau <= MAX_HEATER_TAU_US)) {
                throw e.error(key, key + " of engine " + id + " must be the heaters' thermal time constant in"
                        + " microseconds, a number within " + MIN_HEATER_TAU_US + ".." + MAX_HEATER_TAU_US
                        + " (DESIGN.md section 2: 4 us for metal heaters to 100 us undercut), got '" + v + "'");
            }
            return tau;
        }

        private RingSpec ring(ConfigNode r, Map<String, WaveguideSpec> wgs, Map<String, Integer> positions,
                              Set<Integer> ringIds, Set<String> heaterUse, Set<String> monitorUse) {
            int id = r.integer("ring", 0, 1 << 20);
            if (!ringIds.add(id)) {
                throw r.error("ring", "ring id " + id + " is used twice");
            }
            String wgName = r.string("waveguide");
            WaveguideSpec wg = wgs.get(wgName);
            if (wg == null) {
                throw r.error("waveguide", "ring " + id + " names waveguide '" + wgName + "', which this engine does not have");
            }
            String[] heater = channelRef(r, "heater", id, ChipType.LTC2668, ChipType.EIC);
            String[] monitor = channelRef(r, "monitor", id, ChipType.ADS8688, ChipType.EIC);
            if (!heaterUse.add(heater[0] + "/" + heater[1])) {
                throw r.error("heater", "heater channel " + heater[0] + "/" + heater[1] + " is already driving another ring");
            }
            if (!monitorUse.add(monitor[0] + "/" + monitor[1])) {
                throw r.error("monitor", "monitor channel " + monitor[0] + "/" + monitor[1] + " is already read for another ring");
            }
            int position = positions.merge(wgName, 1, Integer::sum) - 1;
            r.requireNoUnknownKeys();
            return new RingSpec(id, wgName, wg.kind(), position, heater[0], Integer.parseInt(heater[1]),
                    monitor[0], Integer.parseInt(monitor[1]), r.line());
        }

        /** A {@code device/channel} reference to an existing part of the right type and a channel it has. */
        private String[] channelRef(ConfigNode r, String key, int ring, ChipType... types) {
            String ref = r.string(key);
            int slash = ref.lastIndexOf('/');
            if (slash <= 0) {
                throw r.error(key, key + " of ring " + ring + " must be 'device/channel', got '" + ref + "'");
            }
            String dev = ref.substring(0, slash);
            Object d = devices.get(dev);
            if (d == null) {
                throw r.error(key, "ring " + ring + " maps its " + key + " to '" + ref + "', but there is no device '" + dev + "'");
            }
            ChipType type = chipOf(d);
            if (!java.util.Arrays.asList(types).contains(type)) {
                StringBuilder ok = new StringBuilder();
                for (ChipType t : types) {
                    ok.append(ok.length() == 0 ? "" : " or ").append(t.yamlName());
                }
                throw r.error(key, "'" + key + "' must name a " + ok + ", but '" + dev + "' is a " + type.yamlName());
            }
            int ch;
            try {
                ch = Integer.parseInt(ref.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw r.error(key, key + " channel of ring " + ring + " must be a number, got '" + ref + "'");
            }
            if (ch < 0 || ch >= type.channels) {
                throw r.error(key, "ring " + ring + " maps its " + key + " to missing channel " + ch + " of '" + dev + "' ("
                        + type.yamlName() + " has channels 0-" + (type.channels - 1) + ")");
            }
            return new String[] {dev, Integer.toString(ch)};
        }
    }
}
