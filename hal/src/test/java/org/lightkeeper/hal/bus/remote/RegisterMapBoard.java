package org.lightkeeper.hal.bus.remote;

import java.util.concurrent.atomic.AtomicLong;
import org.lightkeeper.hal.bus.ArbitrationLostException;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusProvider;
import org.lightkeeper.hal.bus.BusStuckException;
import org.lightkeeper.hal.bus.BusTimeoutException;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.GpioDirection;
import org.lightkeeper.hal.bus.GpioPin;
import org.lightkeeper.hal.bus.GpioProvider;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.I2cRecovery;
import org.lightkeeper.hal.bus.NakException;
import org.lightkeeper.hal.bus.QueuedGpioPin;
import org.lightkeeper.hal.bus.SpiDevice;
import org.lightkeeper.hal.time.Clock;

/**
 * A small board for the remote-bus tests, behind {@link BusServer}: one I2C bus {@code i2c-1} with a
 * 256-byte register map at 0x48 (SMBus pointer semantics) and one misbehaving address per error type,
 * an SPI device that answers each byte inverted, and GPIO line 17 of {@code gpiochip0} whose level the
 * test sets (edges stamped on {@link #clock}).
 */
final class RegisterMapBoard implements BusProvider, GpioProvider {
    static final int MAP = 0x48;
    static final int NAKS = 0x10;
    static final int ABSENT = 0x11;
    static final int STRETCHES = 0x12;
    static final int STUCK = 0x13;
    static final int LOSES_ARBITRATION = 0x14;
    static final int FAILS = 0x15;
    static final int CRASHES = 0x16;

    final AtomicLong now = new AtomicLong();
    final Clock clock = now::get;
    final byte[] registers = new byte[256];
    int pointer;
    int transactions;
    boolean busCleared;
    TestPin pin17;

    final class Bus implements I2cBus, I2cRecovery {
        @Override
        public String name() {
            return "i2c-1";
        }

        @Override
        public int clockHz() {
            return 400_000;
        }

        @Override
        public boolean recoverStuckBus() {
            busCleared = true;
            return true;
        }

        private void begin(int address, int register) {
            transactions++;
            switch (address) {
                case MAP -> { }
                case NAKS -> throw new NakException("i2c-1", address, register, "data NAK");
                case ABSENT -> throw new DeviceNotPresentException("i2c-1", address, register);
                case STRETCHES -> throw new BusTimeoutException("i2c-1", address, register, "SCL stretched");
                case STUCK -> throw new BusStuckException("i2c-1", address, register, BusStuckException.Line.SCL);
                case LOSES_ARBITRATION -> throw new ArbitrationLostException("i2c-1", address, register, "lost");
                case FAILS -> throw new BusException("i2c-1", address, register, "controller error");
                case CRASHES -> throw new ArrayIndexOutOfBoundsException("driver bug");
                default -> throw new DeviceNotPresentException("i2c-1", address, register);
            }
        }

        @Override
        public void write(int address, byte[] data, int offset, int length) {
            begin(address, BusException.pointerOf(data, offset, length));
            if (length > 0) {
                pointer = data[offset] & 0xFF;
                for (int i = 1; i < length; i++) {
                    registers[(pointer + i - 1) & 0xFF] = data[offset + i];
                }
            }
        }

        @Override
        public void read(int address, byte[] buffer, int offset, int length) {
            begin(address, BusException.NO_REGISTER);
            for (int i = 0; i < length; i++) {
                buffer[offset + i] = registers[(pointer + i) & 0xFF];
            }
        }

        @Override
        public void writeRead(int address, byte[] out, int outOffset, int outLength, byte[] in, int inOffset, int inLength) {
            begin(address, BusException.pointerOf(out, outOffset, outLength));
            pointer = out[outOffset] & 0xFF;
            for (int i = 0; i < inLength; i++) {
                in[inOffset + i] = registers[(pointer + i) & 0xFF];
            }
        }
    }

    final class TestPin extends QueuedGpioPin {
        private final GpioDirection direction;
        boolean level;
        boolean closed;

        TestPin(GpioDirection direction) {
            this.direction = direction;
            this.level = direction.initialLevel();
        }

        /** Drives the line from outside (an input's level changing). */
        void set(boolean high) {
            if (high != level) {
                level = high;
                edges.offer(high, clock.nanos());
            }
        }

        @Override
        protected boolean isInput() {
            return direction == GpioDirection.INPUT;
        }

        @Override
        public String name() {
            return "gpiochip0.17";
        }

        @Override
        public GpioDirection direction() {
            return direction;
        }

        @Override
        public boolean read() {
            return level;
        }

        @Override
        public void write(boolean high) {
            if (isInput()) {
                throw new IllegalStateException("gpiochip0.17 is an input");
            }
            level = high;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final Bus bus = new Bus();

    @Override
    public I2cBus i2c(String name, int clockHz) {
        if (!name.equals("i2c-1")) {
            throw new IllegalArgumentException("no I2C bus '" + name + "'");
        }
        return bus;
    }

    @Override
    public SpiDevice spi(String name, int chipSelect, int clockHz) {
        if (!name.equals("spi0") || chipSelect != 0) {
            throw new IllegalArgumentException("nothing on " + name + " chip select " + chipSelect);
        }
        return new SpiDevice() {
            @Override
            public String name() {
                return "spi0.0";
            }

            @Override
            public int clockHz() {
                return 10_000_000;
            }

            @Override
            public void transfer(byte[] tx, byte[] rx, int length) {
                transactions++;
                for (int i = 0; i < length; i++) {
                    rx[i] = (byte) ~tx[i];
                }
            }
        };
    }

    @Override
    public synchronized GpioPin gpio(String chip, int line, GpioDirection direction) {
        if (!chip.equals("gpiochip0") || line != 17) {
            throw new BusException(chip, line, BusException.NO_REGISTER, "no such line");
        }
        if (pin17 != null && !pin17.closed) {
            throw new IllegalStateException("gpiochip0.17 is already open");
        }
        pin17 = new TestPin(direction);
        return pin17;
    }

    @Override
    public String backend() {
        return "test";
    }
}
