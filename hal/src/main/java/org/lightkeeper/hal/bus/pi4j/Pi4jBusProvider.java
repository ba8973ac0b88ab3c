package org.lightkeeper.hal.bus.pi4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2CProvider;
import com.pi4j.io.spi.SpiProvider;
import org.lightkeeper.hal.bus.BusProvider;
import org.lightkeeper.hal.bus.GpioDirection;
import org.lightkeeper.hal.bus.GpioPin;
import org.lightkeeper.hal.bus.GpioProvider;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.SpiDevice;
import org.lightkeeper.hal.time.Clock;
import org.lightkeeper.hal.time.SystemClock;

/**
 * Backend {@code pi4j}: buses from a Pi4J 2.x {@link Context}. On a Raspberry Pi that is
 * {@link #onThisMachine()} (the linuxfs plugin: {@code /dev/i2c-N}, {@code /dev/spidevB.C}); in tests
 * it is a context holding the simulator's plugin, so the same code path runs without hardware.
 *
 * <p>I2C bus names are {@code i2c-N} (Linux bus number N), SPI bus names {@code spiB}. Devices are
 * opened on first transfer, so building drivers touches no hardware. SPI frames use mode 0 unless
 * {@link #spiMode} says otherwise. Every Pi4J failure surfaces as a
 * {@link org.lightkeeper.hal.bus.BusException} subclass: device not present (ENXIO), NAK
 * (EREMOTEIO), timeout (ETIMEDOUT, Pi4J's bus-lock timeout), else the plain base class.
 *
 * <p>GPIO lines ({@link #gpio}) are Pi4J digital inputs and outputs (the gpiod plugin), addressed by
 * line offset on the chip Pi4J picks; their edges are stamped with the provider's {@link Clock}.
 */
public final class Pi4jBusProvider implements BusProvider, GpioProvider, AutoCloseable {
    private final Context context;
    private final boolean ownsContext;
    private final Map<String, Pi4jI2cBus> i2c = new HashMap<>();
    private final List<Pi4jSpiDevice> spi = new ArrayList<>();
    private final Map<String, Integer> spiModes = new HashMap<>();
    private final List<Pi4jGpioPin> gpio = new ArrayList<>();
    private final Clock clock;

    /** Over a context the caller owns (and shuts down); GPIO edges stamped by a {@link SystemClock} of its own. */
    public Pi4jBusProvider(Context context) {
        this(context, new SystemClock(), false);
    }

    /** Over a context the caller owns; GPIO edges stamped by {@code clock} (the firmware's, or virtual time). */
    public Pi4jBusProvider(Context context, Clock clock) {
        this(context, clock, false);
    }

    private Pi4jBusProvider(Context context, Clock clock, boolean ownsContext) {
        if (context == null || clock == null) {
            throw new IllegalArgumentException("context and clock must not be null");
        }
        this.context = context;
        this.clock = clock;
        this.ownsContext = ownsContext;
    }

    /** The rig: a Pi4J context with the plugins found on the class path (linuxfs for I2C and SPI, gpiod). */
    public static Pi4jBusProvider onThisMachine() {
        return onThisMachine(new SystemClock());
    }

    /** The rig, with GPIO edges stamped by the firmware's clock. */
    public static Pi4jBusProvider onThisMachine(Clock clock) {
        return new Pi4jBusProvider(Pi4J.newAutoContext(), clock, true);
    }

    public Context context() {
        return context;
    }

    /** SPI mode 0-3 for the device on {@code bus} chip select {@code chipSelect}; call before {@link #spi}. */
    public synchronized Pi4jBusProvider spiMode(String bus, int chipSelect, int mode) {
        if (mode < 0 || mode > 3) {
            throw new IllegalArgumentException("SPI mode must be 0-3, got " + mode);
        }
        spiModes.put(bus + "." + chipSelect, mode);
        return this;
    }

    @Override
    public synchronized I2cBus i2c(String bus, int clockHz) {
        Pi4jI2cBus b = i2c.get(bus);
        if (b == null) {
            int number = Pi4jErrors.i2cBusNumber(bus);
            b = new Pi4jI2cBus(context, context.providers().get(I2CProvider.class), bus, number, clockHz);
            i2c.put(bus, b);
        }
        return b;
    }

    @Override
    public synchronized SpiDevice spi(String bus, int chipSelect, int clockHz) {
        int number = Pi4jErrors.spiBusNumber(bus);
        Pi4jSpiDevice d = new Pi4jSpiDevice(context, context.providers().get(SpiProvider.class), bus, number,
                chipSelect, clockHz, spiModes.getOrDefault(bus + "." + chipSelect, 0));
        spi.add(d);
        return d;
    }

    /**
     * Line {@code line} (the BCM GPIO number on a Raspberry Pi) as a Pi4J digital input or output.
     * Pi4J 2.x opens lines on the one chip it picked, so {@code chip} names the pin but selects nothing.
     */
    @Override
    public synchronized GpioPin gpio(String chip, int line, GpioDirection direction) {
        if (chip == null || chip.isBlank()) {
            throw new IllegalArgumentException("GPIO chip name must not be empty");
        }
        Pi4jGpioPin p = new Pi4jGpioPin(context, chip, line, direction, clock);
        gpio.add(p);
        return p;
    }

    @Override
    public String backend() {
        return "pi4j";
    }

    /** Closes every device opened here; shuts the context down if {@link #onThisMachine()} made it. */
    @Override
    public synchronized void close() {
        i2c.values().forEach(Pi4jI2cBus::close);
        spi.forEach(Pi4jSpiDevice::close);
        gpio.forEach(Pi4jGpioPin::close);
        if (ownsContext) {
            context.shutdown();
        }
    }
}
