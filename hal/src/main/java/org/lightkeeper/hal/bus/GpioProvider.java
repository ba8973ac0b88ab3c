package org.lightkeeper.hal.bus;

/**
 * The optional GPIO side of a {@link BusProvider}: SoC GPIO lines by chip and line offset, as the
 * Linux GPIO character device names them ({@code gpiochip0} line 17 is BCM GPIO 17 on a Raspberry
 * Pi 4). Implemented by the Pi4J and diozero providers and by the simulator; ask with
 * {@code buses instanceof GpioProvider g}.
 */
public interface GpioProvider {
    /**
     * Opens line {@code line} of {@code chip} as {@code direction}. A chip or line that does not exist,
     * or that the backend cannot open, is a {@link BusException} whose bus is the chip name and whose
     * address is the line offset. Each line is opened once; close the pin to give it back.
     */
    GpioPin gpio(String chip, int line, GpioDirection direction);
}
