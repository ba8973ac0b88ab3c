package org.lightkeeper.hal.bus;

/**
 * Where a board's buses come from: the simulator, Pi4J or diozero. The firmware asks for buses by
 * the names in the board file and never learns which backend answered.
 */
public interface BusProvider {
    /** The root segment of the named I2C bus (mux segments are layered on top by the caller). */
    I2cBus i2c(String bus, int clockHz);

    /** The peripheral on chip select {@code chipSelect} of the named SPI bus. */
    SpiDevice spi(String bus, int chipSelect, int clockHz);

    /** Short backend name for inventory and logs: {@code sim}, {@code pi4j}, {@code diozero}. */
    String backend();

    /**
     * How a wait on these buses passes (a retry backoff): parking on a clock that moves by itself, by
     * default; a simulated board advances its virtual clock instead.
     */
    default org.lightkeeper.hal.time.Sleeper sleeper(org.lightkeeper.hal.time.Clock clock) {
        return org.lightkeeper.hal.time.Sleeper.parking(clock);
    }
}
