package org.lightkeeper.sim.chip;

import static org.lightkeeper.hal.chip.Pca9555.CONFIGURATION_0;
import static org.lightkeeper.hal.chip.Pca9555.INPUT_PORT_0;
import static org.lightkeeper.hal.chip.Pca9555.INPUT_PORT_1;
import static org.lightkeeper.hal.chip.Pca9555.LAST_REGISTER;
import static org.lightkeeper.hal.chip.Pca9555.OUTPUT_PORT_0;
import static org.lightkeeper.hal.chip.Pca9555.PINS;
import static org.lightkeeper.hal.chip.Pca9555.POLARITY_INVERSION_0;
import static org.lightkeeper.hal.chip.Pca9555.POWER_UP_CONFIGURATION;
import static org.lightkeeper.hal.chip.Pca9555.POWER_UP_OUTPUT;
import static org.lightkeeper.hal.chip.Pca9555.POWER_UP_POLARITY;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lightkeeper.sim.bus.I2cTarget;

/**
 * Emulated NXP PCA9555 16-bit GPIO expander (product data sheet PCA9555, section 6.2 "Registers",
 * Table 4). The command byte is stored and each transaction starts at it; every further byte
 * toggles to the other register of the pair (0/1, 2/3, 4/5, 6/7). Input port registers report the
 * real pin levels, XOR the polarity inversion: an output pin reads back what it drives, an input
 * pin reads the external level, which defaults high (board pull-ups). Writes to the input port are
 * ignored, as on the part. Not modelled: the INT output and its clear-on-read.
 */
public final class Pca9555Sim implements I2cTarget {
    /** Told when a pin's level changes because of an output or configuration write. */
    public interface PinListener {
        void onPinChange(int pin, boolean high);
    }

    // regs[0..7] per Table 4; the input port pair is computed on read, never stored.
    private final int[] regs = new int[LAST_REGISTER + 1];
    private int external = 0xFFFF;
    private int pointer = INPUT_PORT_0;
    private final List<PinListener> listeners = new CopyOnWriteArrayList<>();

    public Pca9555Sim() {
        setPair(OUTPUT_PORT_0, POWER_UP_OUTPUT);
        setPair(POLARITY_INVERSION_0, POWER_UP_POLARITY);
        setPair(CONFIGURATION_0, POWER_UP_CONFIGURATION);
    }

    public void addListener(PinListener l) {
        if (l == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        listeners.add(l);
    }

    /** Sets the level the outside world puts on {@code pin}; it shows only while the pin is an input. */
    public synchronized void setInput(int pin, boolean high) {
        checkPin(pin);
        external = high ? external | 1 << pin : external & ~(1 << pin);
    }

    /** The actual level on {@code pin}: driven by the output latch if an output, external otherwise. */
    public synchronized boolean pinLevel(int pin) {
        checkPin(pin);
        return (levels() & 1 << pin) != 0;
    }

    /** A register as the part holds it (for tests and fault scenarios); the input port is computed. */
    public synchronized int register(int command) {
        if (command < 0 || command > LAST_REGISTER) {
            throw new IllegalArgumentException("PCA9555 register must be 0-7, got " + command);
        }
        return readByte(command);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        int before;
        int after;
        synchronized (this) {
            if (length == 0) {
                return;
            }
            int command = data[offset] & 0xFF;
            if (command > LAST_REGISTER) {
                throw new Nak(command, String.format("PCA9555 has no register 0x%02X", command));
            }
            pointer = command;
            before = levels();
            int r = command;
            for (int i = 1; i < length; i++) {
                if (r != INPUT_PORT_0 && r != INPUT_PORT_1) {
                    regs[r] = data[offset + i] & 0xFF;
                }
                r ^= 1;
            }
            after = levels();
        }
        // Outside the lock: a listener may well call back into this emulator (a board wiring a pin).
        fire(before, after);
    }

    @Override
    public synchronized void read(byte[] buffer, int offset, int length) {
        int r = pointer;
        for (int i = 0; i < length; i++) {
            buffer[offset + i] = (byte) readByte(r);
            r ^= 1;
        }
    }

    private int readByte(int r) {
        if (r == INPUT_PORT_0 || r == INPUT_PORT_1) {
            int in = levels() ^ pair(POLARITY_INVERSION_0);
            return r == INPUT_PORT_0 ? in & 0xFF : in >>> 8 & 0xFF;
        }
        return regs[r];
    }

    /** Pin levels: configuration bit 1 = input (external level), 0 = output (output latch). */
    private int levels() {
        int config = pair(CONFIGURATION_0);
        return (external & config | pair(OUTPUT_PORT_0) & ~config) & 0xFFFF;
    }

    private int pair(int port0) {
        return regs[port0] | regs[port0 + 1] << 8;
    }

    private void setPair(int port0, int value16) {
        regs[port0] = value16 & 0xFF;
        regs[port0 + 1] = value16 >>> 8 & 0xFF;
    }

    private void fire(int before, int after) {
        int changed = before ^ after;
        for (int pin = 0; changed != 0 && pin < PINS; pin++) {
            if ((changed & 1 << pin) != 0) {
                for (PinListener l : listeners) {
                    l.onPinChange(pin, (after & 1 << pin) != 0);
                }
            }
        }
    }

    private static void checkPin(int pin) {
        if (pin < 0 || pin >= PINS) {
            throw new IllegalArgumentException("PCA9555 pin must be 0-15, got " + pin);
        }
    }
}
