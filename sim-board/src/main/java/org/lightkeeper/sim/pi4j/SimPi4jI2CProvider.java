package org.lightkeeper.sim.pi4j;

import java.util.HashMap;
import java.util.Map;
import com.pi4j.exception.Pi4JException;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.io.i2c.I2CProviderBase;
import org.lightkeeper.sim.SimBoard;

/** Pi4J I2C provider over a {@link SimBoard}: Linux bus N is the board file's bus {@code i2c-N}. */
public final class SimPi4jI2CProvider extends I2CProviderBase {
    public static final String ID = "lightkeeper-sim-i2c";

    private final SimBoard board;
    private final Map<Integer, SimPi4jI2CBus> buses = new HashMap<>();

    public SimPi4jI2CProvider(SimBoard board) {
        super(ID, "Lightkeeper simulated I2C");
        this.board = board;
    }

    @Override
    public int getPriority() {
        return 1000; // preferred over linuxfs if both were ever loaded together
    }

    @Override
    public synchronized I2C create(I2CConfig config) {
        int n = config.bus();
        SimPi4jI2CBus bus = buses.get(n);
        if (bus == null) {
            try {
                bus = new SimPi4jI2CBus(config, board.i2c("i2c-" + n, 0));
            } catch (IllegalArgumentException e) {
                throw new Pi4JException("File /dev/i2c-" + n + " does not exist (simulated board has no bus i2c-" + n + ")");
            }
            buses.put(n, bus);
        }
        return new SimPi4jI2C(this, config, bus);
    }
}
