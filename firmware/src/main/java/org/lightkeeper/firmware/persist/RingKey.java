package org.lightkeeper.firmware.persist;

/** A micro-ring: optical engine and ring within the engine, both from 0. */
public record RingKey(int engine, int ring) implements Comparable<RingKey> {
    public RingKey {
        Checks.index("engine", engine);
        Checks.index("ring", ring);
    }

    @Override
    public int compareTo(RingKey o) {
        return engine != o.engine ? Integer.compare(engine, o.engine) : Integer.compare(ring, o.ring);
    }

    @Override
    public String toString() {
        return "engine " + engine + " ring " + ring;
    }
}
