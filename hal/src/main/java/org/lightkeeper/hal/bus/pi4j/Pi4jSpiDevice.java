package org.lightkeeper.hal.bus.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBus;
import com.pi4j.io.spi.SpiChipSelect;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProvider;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.SpiDevice;

/** Our {@link SpiDevice} over a Pi4J {@link Spi} ({@code /dev/spidevB.C} on linuxfs), opened on first use. */
final class Pi4jSpiDevice implements SpiDevice {
    private final Context context;
    private final SpiProvider provider;
    private final String name;
    private final int busNumber;
    private final int chipSelect;
    private final int clockHz;
    private final int mode;
    private Spi spi;
    private byte[] scratch = new byte[0];

    Pi4jSpiDevice(Context context, SpiProvider provider, String bus, int busNumber, int chipSelect, int clockHz, int mode) {
        if (chipSelect < 0 || chipSelect > 2) {
            throw new IllegalArgumentException("Pi4J 2.x addresses chip selects 0-2, got " + chipSelect + " on " + bus);
        }
        this.context = context;
        this.provider = provider;
        this.name = bus + "." + chipSelect;
        this.busNumber = busNumber;
        this.chipSelect = chipSelect;
        this.clockHz = clockHz;
        this.mode = mode;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int clockHz() {
        return clockHz;
    }

    private Spi spi() {
        if (spi == null) {
            SpiConfig config = Spi.newConfigBuilder(context)
                    .id("lightkeeper-spi-" + busNumber + "-" + chipSelect)
                    .name(name)
                    .bus(SpiBus.getByNumber(busNumber))
                    .chipSelect(SpiChipSelect.getByNumber(chipSelect))
                    .address(chipSelect)
                    .baud(clockHz)
                    .mode(mode)
                    .build();
            try {
                spi = provider.create(config);
            } catch (RuntimeException e) {
                throw Pi4jErrors.translate(name, chipSelect, BusException.NO_REGISTER, "open", e);
            }
        }
        return spi;
    }

    @Override
    public synchronized void transfer(byte[] tx, byte[] rx, int length) {
        Spi s = spi();
        byte[] in = rx;
        if (in == null) {
            if (scratch.length < length) {
                scratch = new byte[length];
            }
            in = scratch;
        }
        int n;
        try {
            n = s.transfer(tx, 0, in, 0, length);
        } catch (RuntimeException e) {
            throw Pi4jErrors.translate(name, chipSelect, BusException.NO_REGISTER, "SPI transfer", e);
        }
        if (n < 0) {
            throw new BusException(name, chipSelect, BusException.NO_REGISTER, "SPI transfer failed: returned " + n);
        }
    }

    synchronized void close() {
        if (spi != null) {
            try {
                spi.close();
            } catch (RuntimeException ignored) {
                // closing on shutdown
            }
            spi = null;
        }
    }
}
