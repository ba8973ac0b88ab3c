package org.lightkeeper.hal.bus;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A tiny fake I2C bus for decorator tests: each transaction takes the next scripted outcome (an
 * exception to throw, or success when the script is empty), fills reads with a counting pattern and
 * counts calls. No emulation: the decorators must not care what is behind them.
 */
final class ScriptedI2cBus implements I2cBus {
    private final String name;
    private final int clockHz;
    private final Deque<RuntimeException> script = new ArrayDeque<>();
    int calls;
    int lastAddress = -1;
    byte next;

    ScriptedI2cBus(String name, int clockHz) {
        this.name = name;
        this.clockHz = clockHz;
    }

    /** Outcomes for the next transactions, in order; null means succeed. */
    ScriptedI2cBus then(RuntimeException... outcomes) {
        for (RuntimeException o : outcomes) {
            script.add(o == null ? OK : o);
        }
        return this;
    }

    private static final RuntimeException OK = new RuntimeException("ok marker");

    private void step(int address) {
        calls++;
        lastAddress = address;
        RuntimeException o = script.poll();
        if (o != null && o != OK) {
            throw o;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int clockHz() {
        return clockHz;
    }

    @Override
    public void write(int address, byte[] data, int offset, int length) {
        step(address);
    }

    @Override
    public void read(int address, byte[] buffer, int offset, int length) {
        step(address);
        for (int i = 0; i < length; i++) {
            buffer[offset + i] = next++;
        }
    }

    @Override
    public void writeRead(int address, byte[] out, int outOffset, int outLength, byte[] in, int inOffset, int inLength) {
        step(address);
        for (int i = 0; i < inLength; i++) {
            in[inOffset + i] = next++;
        }
    }
}
