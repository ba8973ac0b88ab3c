package org.lightkeeper.hal.board;

import java.util.HashMap;
import java.util.Map;
import org.lightkeeper.hal.board.BoardSpec.I2cBusSpec;
import org.lightkeeper.hal.board.BoardSpec.I2cDeviceSpec;
import org.lightkeeper.hal.board.BoardSpec.SpiBusSpec;
import org.lightkeeper.hal.board.BoardSpec.SpiDeviceSpec;
import org.lightkeeper.hal.bus.BusProvider;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.MuxedI2cBus;
import org.lightkeeper.hal.chip.Ads8688;
import org.lightkeeper.hal.chip.Ltc2668;
import org.lightkeeper.hal.chip.Pca9555;
import org.lightkeeper.hal.chip.Tca9548a;
import org.lightkeeper.hal.chip.Tmp117;
import org.lightkeeper.hal.chip.cmis.CmisModule;

/**
 * One driver instance per chip in a board file, on the buses a {@link BusProvider} hands out. A chip
 * behind a mux gets a {@link MuxedI2cBus} for its channel. Constructing drivers touches no hardware.
 */
public final class BoardDrivers {
    private final Map<String, Object> drivers = new HashMap<>();
    private final String backend;

    public BoardDrivers(BoardSpec spec, BusProvider buses) {
        this.backend = buses.backend();
        for (I2cBusSpec bs : spec.i2cBuses()) {
            I2cBus root = buses.i2c(bs.bus(), bs.clockHz());
            Map<String, MuxedI2cBus.MuxSelection> selections = new HashMap<>();
            for (I2cDeviceSpec d : bs.devices()) {
                if (d.chip() == ChipType.TCA9548A) {
                    drivers.put(d.name(), new Tca9548a(root, d.address()));
                    selections.put(d.name(), new MuxedI2cBus.MuxSelection());
                }
            }
            for (I2cDeviceSpec d : bs.devices()) {
                I2cBus bus = d.behindMux() == null ? root
                        : new MuxedI2cBus((Tca9548a) drivers.get(d.behindMux()), selections.get(d.behindMux()),
                                d.channel(), d.behindMux());
                switch (d.chip()) {
                    case PCA9555 -> drivers.put(d.name(), new Pca9555(bus, d.address()));
                    case TMP117 -> drivers.put(d.name(), new Tmp117(bus, d.address()));
                    case INA226 -> drivers.put(d.name(), new org.lightkeeper.hal.chip.Ina226(bus, d.address()));
                    case ELSFP -> drivers.put(d.name(), new CmisModule(bus, d.address()));
                    case TCA9548A -> { }
                    default -> throw new IllegalStateException("not an I2C part: " + d.chip());
                }
            }
        }
        for (SpiBusSpec bs : spec.spiBuses()) {
            for (SpiDeviceSpec d : bs.devices()) {
                var dev = buses.spi(bs.bus(), d.chipSelect(), d.clockHz());
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

    public String backend() {
        return backend;
    }
}
