package org.lightkeeper.hal.bus.diozero;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.diozero.api.SpiClockMode;
import com.diozero.internal.spi.NativeDeviceFactoryInterface;
import com.diozero.sbc.DeviceFactoryHelper;
import org.lightkeeper.hal.bus.BusProvider;
import org.lightkeeper.hal.bus.GpioDirection;
import org.lightkeeper.hal.bus.GpioPin;
import org.lightkeeper.hal.bus.GpioProvider;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.SpiDevice;
import org.lightkeeper.hal.time.Clock;
import org.lightkeeper.hal.time.SystemClock;

/**
 * Backend {@code diozero}: buses from a diozero device factory. On a Raspberry Pi that is
 * {@link #onThisMachine()}, diozero's process-wide native factory ({@code /dev/i2c-N},
 * {@code /dev/spidevB.C}); in tests the simulator's factory is passed in explicitly, so no global is
 * touched and several boards can live in one JVM.
 *
 * <p>I2C bus names are {@code i2c-N}, SPI bus names {@code spiB}. Devices open on first transfer.
 * SPI frames use mode 0 unless {@link #spiMode} says otherwise. diozero failures surface as
 * {@link org.lightkeeper.hal.bus.BusException} subclasses by errno: ENXIO device not present,
 * EREMOTEIO NAK, ETIMEDOUT timeout.
 *
 * <p>GPIO lines ({@link #gpio}) are diozero digital input and output devices found by chip and line
 * offset; their edges are stamped with the provider's {@link Clock}.
 */
public final class DiozeroBusProvider implements BusProvider, GpioProvider, AutoCloseable {
    private final NativeDeviceFactoryInterface factory;
    private final Map<String, DiozeroI2cBus> i2c = new HashMap<>();
    private final List<DiozeroSpiDevice> spi = new ArrayList<>();
    private final Map<String, Integer> spiModes = new HashMap<>();
    private final List<DiozeroGpioPin> gpio = new ArrayList<>();
    private final Clock clock;

    /** GPIO edges stamped by a {@link SystemClock} of its own. */
    public DiozeroBusProvider(NativeDeviceFactoryInterface factory) {
        this(factory, new SystemClock());
    }

    /** GPIO edges stamped by {@code clock} (the firmware's, or virtual time). */
    public DiozeroBusProvider(NativeDeviceFactoryInterface factory, Clock clock) {
        if (factory == null || clock == null) {
            throw new IllegalArgumentException("factory and clock must not be null");
        }
        this.factory = factory;
        this.clock = clock;
    }

    /**
     * The rig: diozero's global native device factory (chosen by the {@code diozero.devicefactory}
     * system property or ServiceLoader; loads diozero's native helper library).
     */
    public static DiozeroBusProvider onThisMachine() {
        return new DiozeroBusProvider(DeviceFactoryHelper.getNativeDeviceFactory());
    }

    /** The rig, with GPIO edges stamped by the firmware's clock. */
    public static DiozeroBusProvider onThisMachine(Clock clock) {
        return new DiozeroBusProvider(DeviceFactoryHelper.getNativeDeviceFactory(), clock);
    }

    public NativeDeviceFactoryInterface factory() {
        return factory;
    }

    /** SPI mode 0-3 for the device on {@code bus} chip select {@code chipSelect}; call before {@link #spi}. */
    public synchronized DiozeroBusProvider spiMode(String bus, int chipSelect, int mode) {
        if (mode < 0 || mode > 3) {
            throw new IllegalArgumentException("SPI mode must be 0-3, got " + mode);
        }
        spiModes.put(bus + "." + chipSelect, mode);
        return this;
    }

    @Override
    public synchronized I2cBus i2c(String bus, int clockHz) {
        DiozeroI2cBus b = i2c.get(bus);
        if (b == null) {
            b = new DiozeroI2cBus(factory, bus, DiozeroErrors.i2cController(bus), clockHz);
            i2c.put(bus, b);
        }
        return b;
    }

    @Override
    public synchronized SpiDevice spi(String bus, int chipSelect, int clockHz) {
        SpiClockMode mode = SpiClockMode.values()[spiModes.getOrDefault(bus + "." + chipSelect, 0)];
        DiozeroSpiDevice d = new DiozeroSpiDevice(factory, bus, DiozeroErrors.spiController(bus), chipSelect, clockHz, mode);
        spi.add(d);
        return d;
    }

    /** Line {@code line} of {@code chip} ({@code gpiochip0} or {@code 0}) as a diozero digital device. */
    @Override
    public synchronized GpioPin gpio(String chip, int line, GpioDirection direction) {
        DiozeroGpioPin p = new DiozeroGpioPin(factory, chip, line, direction, clock);
        gpio.add(p);
        return p;
    }

    @Override
    public String backend() {
        return "diozero";
    }

    /** Closes every device opened here (the factory stays open: it may be shared). */
    @Override
    public synchronized void close() {
        i2c.values().forEach(DiozeroI2cBus::close);
        spi.forEach(DiozeroSpiDevice::close);
        gpio.forEach(DiozeroGpioPin::close);
    }
}
