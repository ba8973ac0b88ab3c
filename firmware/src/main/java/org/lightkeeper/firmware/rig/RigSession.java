package org.lightkeeper.firmware.rig;

import org.lightkeeper.firmware.registers.RegisterTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.els.ElsSlotController;
import org.lightkeeper.firmware.els.ElsState;
import org.lightkeeper.hal.board.BoardDrivers;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.board.BoardSpec.I2cBusSpec;
import org.lightkeeper.hal.board.BoardSpec.I2cDeviceSpec;
import org.lightkeeper.hal.board.ChipType;
import org.lightkeeper.hal.bus.BusProvider;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.MuxedI2cBus;
import org.lightkeeper.hal.bus.TransactionLog;
import org.lightkeeper.hal.chip.Tca9548a;
import org.lightkeeper.hal.time.Clock;
import org.lightkeeper.hal.time.SystemClock;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * One rig session on a board: its buses (the simulator's or a Raspberry Pi's through Pi4J/diozero),
 * the board's drivers with their per-bus transaction logs, and, for commands that need light, a
 * {@link Firmware} brought up until it has lit every lane of every ELS itself, through its laser
 * interlock (it does once its rings are calibrated), after which the firmware is left idle (its loops
 * are no longer advanced, so nothing fights the rig's own commands). The rig never writes a lane enable.
 *
 * <p>Raw register access goes through this session's I2C segments: the logged root of each bus (the
 * drivers' log, so {@code rig log} and tests see the traffic) and one segment per channel of each
 * root-level TCA9548A, which selects its channel before every transaction (the drivers keep their own
 * selection cache; a bring-up tool pays one extra mux write rather than trusting it).
 */
public final class RigSession implements AutoCloseable {
    /** Power-on settle on the simulator before the first transaction: ELS MgmtInit is 20 ms on the devkit. */
    public static final long SIM_POWER_ON_NS = 300_000_000L;
    /** How long bring-up may take before a lit command gives up (ELS power-up is 200 ms on the devkit). */
    public static final long BRING_UP_TIMEOUT_NS = 10_000_000_000L;

    /** One I2C segment: a bus root ({@code mux} null) or one channel of a root-level mux. */
    public record Segment(String name, String bus, String mux, int channel, I2cBus i2c) {
        public boolean root() {
            return mux == null;
        }
    }

    private final BoardSpec spec;
    private final BusProvider buses;
    private final Clock clock;
    private final VirtualClock virtualClock;
    private final SimBoard sim;
    private final AutoCloseable closeable;
    private final Firmware firmware;
    private final BoardDrivers drivers;
    private final Map<String, Segment> segments = new LinkedHashMap<>();

    private RigSession(BoardSpec spec, BusProvider buses, Clock clock, SimBoard sim, AutoCloseable closeable,
                       boolean lit) {
        this.spec = spec;
        this.buses = buses;
        this.clock = clock;
        this.virtualClock = clock instanceof VirtualClock v ? v : null;
        this.sim = sim;
        this.closeable = closeable;
        if (virtualClock != null && virtualClock.nanos() < SIM_POWER_ON_NS) {
            virtualClock.advanceTo(SIM_POWER_ON_NS);
        }
        if (lit) {
            firmware = new Firmware(spec, buses, clock);
            drivers = firmware.drivers();
        } else {
            firmware = null;
            drivers = new BoardDrivers(spec, buses, clock);
        }
        buildSegments();
        if (lit) {
            bringUp();
        }
    }

    /** Opens the board on {@code backend} ({@code sim}, {@code pi4j}, {@code diozero}). */
    public static RigSession open(BoardSpec spec, String backend, boolean lit) {
        try {
            return open(spec, backend, null, lit);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // only the remote backend does I/O to open, and it needs a server
        }
    }

    /** Opens the board on {@code backend}; {@code busServer} (HOST:PORT) names the server of the remote backend. */
    public static RigSession open(BoardSpec spec, String backend, String busServer, boolean lit) throws java.io.IOException {
        switch (backend) {
            case "sim" -> {
                VirtualClock clock = new VirtualClock();
                return new RigSession(spec, SimBoard.build(spec, clock), clock, null, null, lit);
            }
            case "pi4j" -> {
                var p = org.lightkeeper.hal.bus.pi4j.Pi4jBusProvider.onThisMachine();
                return new RigSession(spec, p, new SystemClock(), null, p, lit);
            }
            case "diozero" -> {
                var p = org.lightkeeper.hal.bus.diozero.DiozeroBusProvider.onThisMachine();
                return new RigSession(spec, p, new SystemClock(), null, p, lit);
            }
            case "remote" -> {
                if (busServer == null) {
                    throw new IllegalArgumentException("--backend remote needs --bus-server HOST:PORT");
                }
                SystemClock clock = new SystemClock();
                var p = org.lightkeeper.hal.bus.remote.RemoteBusProvider.connect(
                        org.lightkeeper.firmware.simserver.HostPort.parse("--bus-server", busServer), clock);
                return new RigSession(spec, p, clock, null, p, lit);
            }
            default -> throw new IllegalArgumentException("unknown backend '" + backend + "'");
        }
    }

    /** A session on a simulated board the caller built (tests: the caller keeps the simulator's truth). */
    public static RigSession onSimulator(BoardSpec spec, SimBoard sim, boolean lit) {
        return new RigSession(spec, sim, sim.clock(), sim, null, lit);
    }


    private void buildSegments() {
        for (I2cBusSpec bs : spec.i2cBuses()) {
            List<I2cDeviceSpec> muxes = new ArrayList<>();
            for (I2cDeviceSpec d : bs.devices()) {
                if (d.chip() == ChipType.TCA9548A && d.behindMux() == null) {
                    muxes.add(d);
                }
            }
            I2cBus root = drivers.i2cRoot(bs.bus());
            segments.put(bs.bus(), new Segment(bs.bus(), bs.bus(), null, -1, root));
            for (I2cDeviceSpec m : muxes) {
                Tca9548a mux = drivers.get(m.name(), Tca9548a.class);
                MuxedI2cBus.MuxSelection selection = MuxedI2cBus.MuxSelection.uncached();
                for (int ch = 0; ch < Tca9548a.CHANNELS; ch++) {
                    I2cBus seg = new MuxedI2cBus(mux, selection, ch, m.name());
                    String name = m.name() + "." + ch;
                    segments.put(name, new Segment(name, bs.bus(), m.name(), ch, seg));
                }
            }
        }
    }

    /** Runs the firmware until every ELS slot has its lanes enabled; throws IllegalStateException if not in time. */
    private void bringUp() {
        long deadline = clock.nanos() + BRING_UP_TIMEOUT_NS;
        while (!allLit()) {
            if (clock.nanos() >= deadline) {
                StringBuilder b = new StringBuilder("ELS bring-up did not finish in "
                        + BRING_UP_TIMEOUT_NS / 1_000_000_000L + " s:");
                for (ElsSlotController c : firmware.slots()) {
                    b.append(" slot ").append(c.slot()).append(' ').append(c.state()).append(" (").append(c.reason())
                            .append(')');
                }
                throw new IllegalStateException(b.toString());
            }
            long until = clock.nanos() + 10_000_000L;
            firmware.runUntil(until, this::waitUntil);
        }
    }

    /**
     * Every lane of every slot lit by the firmware itself, through its laser interlock: it lights the
     * whole comb once its rings are calibrated (one lane at a time before that). The rig never writes a
     * lane enable of its own.
     */
    private boolean allLit() {
        for (ElsSlotController c : firmware.slots()) {
            if (c.state() != ElsState.LANES_ENABLED || c.onLanes() != 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Lets time pass: the virtual clock jumps; on hardware the thread parks. */
    public void waitUntil(long tNanos) {
        if (virtualClock != null) {
            if (tNanos > virtualClock.nanos()) {
                virtualClock.advanceTo(tNanos);
            }
            return;
        }
        long left;
        while ((left = tNanos - clock.nanos()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
    }

    public void waitNanos(long ns) {
        waitUntil(clock.nanos() + ns);
    }

    public BoardSpec spec() {
        return spec;
    }

    public Clock clock() {
        return clock;
    }

    public BoardDrivers drivers() {
        return drivers;
    }

    /** The firmware that lit the board, when the session is lit. */
    public Optional<Firmware> firmware() {
        return Optional.ofNullable(firmware);
    }

    /** The simulated board, when the session was opened on one the caller built. */
    public Optional<SimBoard> simulator() {
        return Optional.ofNullable(sim != null ? sim : buses instanceof SimBoard s ? s : null);
    }

    public String backend() {
        return buses.backend();
    }

    /** Transactions recorded on every bus so far (tests check refusals leave this unchanged). */
    public long recorded() {
        long n = 0;
        for (TransactionLog l : drivers.logs().values()) {
            n += l.recorded();
        }
        return n;
    }

    public List<Segment> segments() {
        return List.copyOf(segments.values());
    }

    /**
     * A segment by name: a bus ({@code i2c-1}), a mux channel ({@code mux0.3}), or either with the bus
     * in front ({@code i2c-1/mux0.3}).
     */
    public Segment segment(String name) {
        String n = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
        Segment s = segments.get(n);
        if (s == null) {
            throw new IllegalArgumentException("no I2C segment '" + name + "' on board '" + spec.name()
                    + "'; segments: " + String.join(", ", segments.keySet()));
        }
        return s;
    }

    /** The segment a board-file device sits on. */
    public Segment segmentOf(I2cDeviceSpec d) {
        I2cBusSpec bs = spec.i2cBusOf(d.name());
        return d.behindMux() == null ? segments.get(bs.bus()) : segments.get(d.behindMux() + "." + d.channel());
    }

    /** The board-file device at {@code address} on {@code segment}, if any. */
    public Optional<I2cDeviceSpec> deviceAt(Segment segment, int address) {
        for (I2cBusSpec bs : spec.i2cBuses()) {
            if (!bs.bus().equals(segment.bus())) {
                continue;
            }
            for (I2cDeviceSpec d : bs.devices()) {
                boolean same = segment.root() ? d.behindMux() == null
                        : segment.mux().equals(d.behindMux()) && segment.channel() == d.channel();
                if (same && d.address() == address) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A register-access target from a command-line word: a board-file device name ({@code board_temp}),
     * or an address with an optional segment ({@code 0x48}, {@code mux0.0:0x50}, {@code i2c-1:0x20}).
     * Addresses outside 0x08-0x77 are refused (UM10204 section 3.1.12 reserves 0x00-0x07 and 0x78-0x7F).
     */
    public RigTarget resolve(String word) {
        I2cDeviceSpec named = spec.i2cDevice(word);
        if (named != null) {
            return new RigTarget(named.name(), segmentOf(named), named.address(), named.chip());
        }
        if (spec.spiDevice(word) != null) {
            throw new IllegalArgumentException("'" + word + "' is an SPI part (" + spec.spiDevice(word).chip()
                    + "); rig read/write/dump cover the board's I2C chips");
        }
        String seg = null;
        String addr = word;
        int colon = word.lastIndexOf(':');
        if (colon >= 0) {
            seg = word.substring(0, colon);
            addr = word.substring(colon + 1);
        }
        int address;
        try {
            address = RegisterTable.parseNumber(addr);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("no I2C device named '" + word + "' on board '" + spec.name()
                    + "' (give a device name from the board file, or an address such as 0x48 or mux0.0:0x50)");
        }
        RegisterTable.checkAddress(address);
        Segment s;
        if (seg != null) {
            s = segment(seg);
        } else if (spec.i2cBuses().size() == 1) {
            s = segments.get(spec.i2cBuses().get(0).bus());
        } else {
            throw new IllegalArgumentException("board has several I2C buses: name the segment, as in i2c-1:" + addr);
        }
        Optional<I2cDeviceSpec> d = deviceAt(s, address);
        return new RigTarget(d.map(I2cDeviceSpec::name).orElse(String.format(Locale.ROOT, "%s:0x%02X", s.name(), address)),
                s, address, d.map(I2cDeviceSpec::chip).orElse(null));
    }

    @Override
    public void close() throws Exception {
        if (firmware != null) {
            firmware.stop();
        }
        if (closeable != null) {
            closeable.close();
        }
    }
}
