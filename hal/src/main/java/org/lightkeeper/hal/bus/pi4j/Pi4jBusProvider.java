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
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.SpiDevice;

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
 */
public final class Pi4jBusProvider implements BusProvider, AutoCloseable {
    private final Context context;
    private final boolean ownsContext;
    private final Map<String, Pi4jI2cBus> i2c = new HashMap<>();
    private final List<Pi4jSpiDevice> spi = new ArrayList<>();
    private final Map<String, Integer> spiModes = new HashMap<>();

    /** Over a context the caller owns (and shuts down). */
    public Pi4jBusProvider(Context context) {
        this(context, false);
    }

    private Pi4jBusProvider(Context context, boolean ownsContext) {
        if (context == null) {
            throw new IllegalArgumentException("context must not be null");
        }
        this.context = context;
        this.ownsContext = ownsContext;
    }

    /** The rig: a Pi4J context with the plugins found on the class path (linuxfs for I2C and SPI). */
    public static Pi4jBusProvider onThisMachine() {
        return new Pi4jBusProvider(Pi4J.newAutoContext(), true);
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

    @Override
    public String backend() {
        return "pi4j";
    }

    /** Closes every device opened here; shuts the context down if {@link #onThisMachine()} made it. */
    @Override
    public synchronized void close() {
        i2c.values().forEach(Pi4jI2cBus::close);
        spi.forEach(Pi4jSpiDevice::close);
        if (ownsContext) {
            context.shutdown();
        }
    }
}
