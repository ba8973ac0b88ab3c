package org.lightkeeper.sim.pi4j;

import com.pi4j.io.exception.IOException;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProviderBase;
import org.lightkeeper.hal.bus.SpiDevice;
import org.lightkeeper.sim.SimBoard;

/** Pi4J SPI provider over a {@link SimBoard}: Linux SPI bus B is the board file's bus {@code spiB}. */
public final class SimPi4jSpiProvider extends SpiProviderBase {
    public static final String ID = "lightkeeper-sim-spi";

    private final SimBoard board;

    public SimPi4jSpiProvider(SimBoard board) {
        super(ID, "Lightkeeper simulated SPI");
        this.board = board;
    }

    @Override
    public int getPriority() {
        return 1000;
    }

    @Override
    public Spi create(SpiConfig config) {
        int bus = config.bus().getBus();
        int cs = config.chipSelect().getChipSelect();
        SpiDevice target;
        try {
            target = board.spi("spi" + bus, cs, config.baud());
        } catch (IllegalArgumentException e) {
            throw new IOException("Failed to open SPI device /dev/spidev" + bus + "." + cs + ": " + e.getMessage());
        }
        return new SimPi4jSpi(this, config, target);
    }
}
