package org.lightkeeper.hal.board;

import java.util.HashMap;
import java.util.Map;
import org.lightkeeper.hal.board.BoardSpec.I2cBusSpec;
import org.lightkeeper.hal.board.BoardSpec.I2cDeviceSpec;
import org.lightkeeper.hal.board.BoardSpec.SpiBusSpec;
import org.lightkeeper.hal.board.BoardSpec.SpiDeviceSpec;
import org.lightkeeper.hal.bus.BusProvider;
import org.lightkeeper.hal.bus.BusTimeMeter;
import org.lightkeeper.hal.bus.LoggingI2cBus;
import org.lightkeeper.hal.bus.LoggingSpiDevice;
import org.lightkeeper.hal.bus.RetryCounters;
import org.lightkeeper.hal.bus.RetryPolicy;
import org.lightkeeper.hal.bus.RetryingI2cBus;
import org.lightkeeper.hal.bus.TransactionLog;
import org.lightkeeper.hal.time.Clock;
import org.lightkeeper.hal.time.Sleeper;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.MuxedI2cBus;
import org.lightkeeper.hal.chip.Ads8688;
import org.lightkeeper.hal.chip.Ltc2668;
import org.lightkeeper.hal.chip.Pca9555;
import org.lightkeeper.hal.chip.Tca9548a;
import org.lightkeeper.hal.chip.Tmp117;
import org.lightkeeper.hal.chip.cmis.CmisModule;

/**
 * One driver instance per chip in a board file, on the buses a {@link BusProvider} hands out. Each
 * bus is stacked as docs/bus-layer.md says: the root is logged (every frame on the wire, mux selects
 * and retried attempts included, into a per-bus {@link TransactionLog} and {@link BusTimeMeter}); a
 * chip behind a mux gets a {@link MuxedI2cBus} for its channel; every I2C chip's bus retries what
 * {@link RetryPolicy#i2cDefault()} allows, in one decorator. Constructing drivers touches no hardware.
 */
public final class BoardDrivers {
    /** Recent transactions kept per bus for diagnostics. */
    public static final int LOG_CAPACITY = 256;

    private final Map<String, Object> drivers = new HashMap<>();
    private final Map<String, I2cTarget> i2cTargets = new HashMap<>();
    private final Map<String, TransactionLog> logs = new java.util.TreeMap<>();
    private final Map<String, I2cBus> roots = new HashMap<>();
    private final Map<String, BusTimeMeter> meters = new java.util.TreeMap<>();
    private final java.util.List<RetryCounters> retries = new java.util.ArrayList<>();
    private final Map<String, RetryCounters> retriesByDevice = new HashMap<>();
    private final String backend;

    /** Drivers on bare buses, for tools and tests that want no logging or retries (real time). */
    public BoardDrivers(BoardSpec spec, BusProvider buses) {
        this(spec, buses, new org.lightkeeper.hal.time.SystemClock());
    }

    public BoardDrivers(BoardSpec spec, BusProvider buses, Clock clock) {
        this.backend = buses.backend();
        Sleeper sleeper = buses.sleeper(clock);
        for (I2cBusSpec bs : spec.i2cBuses()) {
            TransactionLog log = new TransactionLog(LOG_CAPACITY, clock);
            BusTimeMeter meter = new BusTimeMeter();
            logs.put(bs.bus(), log);
            meters.put(bs.bus(), meter);
            I2cBus root = new LoggingI2cBus(buses.i2c(bs.bus(), bs.clockHz()), log, meter);
            roots.put(bs.bus(), root);
            Map<String, MuxedI2cBus.MuxSelection> selections = new HashMap<>();
            for (I2cDeviceSpec d : bs.devices()) {
                if (d.chip() == ChipType.TCA9548A) {
                    drivers.put(d.name(), new Tca9548a(root, d.address()));
                    MuxedI2cBus.MuxSelection selection = new MuxedI2cBus.MuxSelection();
                    selections.put(d.name(), selection);
                    i2cTargets.put(d.name(), new I2cTarget(d.name(), d.chip(), bs.bus(), root, d.address(),
                            selection::invalidate));
                }
            }
            for (I2cDeviceSpec d : bs.devices()) {
                I2cBus segment = d.behindMux() == null ? root
                        : new MuxedI2cBus((Tca9548a) drivers.get(d.behindMux()), selections.get(d.behindMux()),
                                d.channel(), d.behindMux());
                RetryingI2cBus bus = new RetryingI2cBus(segment, RetryPolicy.i2cDefault(), sleeper);
                retries.add(bus.counters());
                retriesByDevice.put(d.name(), bus.counters());
                if (d.chip() != ChipType.TCA9548A) {
                    Runnable forget = () -> { };
                    if (d.chip() == ChipType.ELSFP) {
                        CmisModule module = new CmisModule(bus, d.address());
                        drivers.put(d.name(), module);
                        forget = module::invalidatePageCache;
                    }
                    i2cTargets.put(d.name(), new I2cTarget(d.name(), d.chip(), bs.bus(), bus, d.address(), forget));
                }
                switch (d.chip()) {
                    case PCA9555 -> drivers.put(d.name(), new Pca9555(bus, d.address()));
                    case TMP117 -> drivers.put(d.name(), new Tmp117(bus, d.address()));
                    case INA226 -> drivers.put(d.name(), new org.lightkeeper.hal.chip.Ina226(bus, d.address()));
                    case ELSFP -> { } // built above, with its page cache hook
                    case TCA9548A -> { }
                    default -> throw new IllegalStateException("not an I2C part: " + d.chip());
                }
            }
        }
        for (SpiBusSpec bs : spec.spiBuses()) {
            TransactionLog log = new TransactionLog(LOG_CAPACITY, clock);
            BusTimeMeter meter = new BusTimeMeter();
            logs.put(bs.bus(), log);
            meters.put(bs.bus(), meter);
            for (SpiDeviceSpec d : bs.devices()) {
                var dev = new LoggingSpiDevice(buses.spi(bs.bus(), d.chipSelect(), d.clockHz()), d.chipSelect(), log, meter);
                switch (d.chip()) {
                    case LTC2668 -> drivers.put(d.name(), new Ltc2668(dev));
                    case ADS8688 -> drivers.put(d.name(), new Ads8688(dev));
                    case EIC -> drivers.put(d.name(), new org.lightkeeper.hal.chip.eic.Eic(dev));
                    default -> throw new IllegalStateException("not an SPI part: " + d.chip());
                }
            }
        }
    }

    /** The driver for a board-file device name, of the expected class. */
    public <T> T get(String name, Class<T> type) {
        Object d = drivers.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no device named '" + name + "' on this board");
        }
        if (!type.isInstance(d)) {
            throw new IllegalArgumentException("device '" + name + "' is a " + d.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        return type.cast(d);
    }

    /**
     * An I2C chip as raw register access sees it: the bus its driver uses (mux channel selection and
     * retries included) and its address. {@code forgetCachedState} must run after raw traffic to the
     * chip, because drivers cache what raw access can change: the CMIS bank/page selection of an ELSFP
     * module, the control byte of a TCA9548A mux.
     */
    public record I2cTarget(String device, ChipType chip, String busName, I2cBus bus, int address,
                            Runnable forgetCachedState) {
    }

    /** The I2C chip named {@code device} in the board file, or null when there is no such I2C chip. */
    public I2cTarget i2cTarget(String device) {
        return i2cTargets.get(device);
    }

    public String backend() {
        return backend;
    }

    /** The logged root segment of I2C bus {@code bus} (mux channels are layered on it), or null. */
    public I2cBus i2cRoot(String bus) {
        return roots.get(bus);
    }

    /** The recent-transaction log of each bus, by bus name. */
    public Map<String, TransactionLog> logs() {
        return java.util.Collections.unmodifiableMap(logs);
    }

    /** Wire time charged on each bus, by bus name. */
    public Map<String, BusTimeMeter> meters() {
        return java.util.Collections.unmodifiableMap(meters);
    }

    /** Retries and give-ups over every I2C chip. */
    public long retries() {
        return retries.stream().mapToLong(RetryCounters::retries).sum();
    }

    /** Retries of transactions with the I2C chip {@code device} (a NAK or timeout recovered by trying again); 0 for others. */
    public long retries(String device) {
        RetryCounters c = retriesByDevice.get(device);
        return c == null ? 0 : c.retries();
    }

    public long giveUps() {
        return retries.stream().mapToLong(RetryCounters::giveUps).sum();
    }
}
