package org.lightkeeper.sim.bus;

import java.util.Map;
import java.util.TreeMap;

/**
 * One electrical I2C segment: the targets attached to it by address, and muxes whose enabled
 * channels extend it downstream (TCA9548A section 8.3: an enabled channel is wired to the upstream
 * bus, so a downstream device answers as if it sat on the upstream segment).
 */
public final class I2cSegment {
    private final Map<Integer, I2cTarget> targets = new TreeMap<>();
    private final Map<Integer, Downstream> muxes = new TreeMap<>();

    /** A mux on this segment: tells which of its downstream segments are connected right now. */
    public interface Downstream {
        Iterable<I2cSegment> connectedSegments();
    }

    public void attach(int address, I2cTarget target) {
        if (targets.putIfAbsent(address, target) != null) {
            throw new IllegalStateException(String.format("address 0x%02X already taken on this segment", address));
        }
        if (target instanceof Downstream d) {
            muxes.put(address, d);
        }
    }

    public I2cTarget detach(int address) {
        muxes.remove(address);
        return targets.remove(address);
    }

    /** The target answering at {@code address} here or on any connected downstream segment, or null. */
    public I2cTarget resolve(int address) {
        I2cTarget t = targets.get(address);
        if (t != null) {
            return t;
        }
        for (Downstream mux : muxes.values()) {
            for (I2cSegment child : mux.connectedSegments()) {
                I2cTarget c = child.resolve(address);
                if (c != null) {
                    return c;
                }
            }
        }
        return null;
    }
}
