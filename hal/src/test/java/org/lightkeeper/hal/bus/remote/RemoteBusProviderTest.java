package org.lightkeeper.hal.bus.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.bus.ArbitrationLostException;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusStuckException;
import org.lightkeeper.hal.bus.BusTimeoutException;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.GpioDirection;
import org.lightkeeper.hal.bus.GpioEdge;
import org.lightkeeper.hal.bus.GpioPin;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.NakException;
import org.lightkeeper.hal.bus.SpiDevice;

/** {@link RemoteBusProvider} against a {@link BusServer} over loopback, serving a {@link RegisterMapBoard}. */
class RemoteBusProviderTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /**
     * Short, so the lost-server cases finish quickly; loopback answers in well under a millisecond, but
     * 300 ms timed out a replacing client's first read on a 2-core host at load average 7 (the server's
     * threads not scheduled in time).
     */
    private static final int TIMEOUT_MS = 1_000;
    private static final long RETRY_NS = 1_000_000_000L;

    private RegisterMapBoard board;
    private BusServer server;
    private RemoteBusProvider remote;

    @BeforeEach
    void start() throws IOException {
        board = new RegisterMapBoard();
        server = BusServer.start(board, board.clock, ANY_LOOPBACK);
        remote = RemoteBusProvider.connect(server.address(), board.clock, TIMEOUT_MS, RETRY_NS);
    }

    @AfterEach
    void stop() {
        remote.close();
        server.close();
    }

    @Test
    void registersRoundTripWithEveryTransactionKind() {
        I2cBus bus = remote.i2c("i2c-1", 400_000);
        assertEquals("i2c-1", bus.name());
        assertEquals(400_000, bus.clockHz());
        bus.writeRegister(RegisterMapBoard.MAP, 0x20, new byte[] {1, 2, 3}, 0, 3);
        assertArrayEquals(new byte[] {1, 2, 3}, new byte[] {board.registers[0x20], board.registers[0x21], board.registers[0x22]});
        byte[] in = new byte[5];
        bus.readRegister(RegisterMapBoard.MAP, 0x21, in, 1, 2);
        assertArrayEquals(new byte[] {0, 2, 3, 0, 0}, in);
        bus.write(RegisterMapBoard.MAP, new byte[] {0x20}, 0, 1);
        bus.read(RegisterMapBoard.MAP, in, 0, 3);
        assertArrayEquals(new byte[] {1, 2, 3, 0, 0}, in);
        assertEquals("test", remote.serverBackend());
        assertEquals("remote", remote.backend());
    }

    @Test
    void spiFramesComeBackFullDuplex() {
        SpiDevice dev = remote.spi("spi0", 0, 10_000_000);
        byte[] tx = {0x00, 0x0F, (byte) 0xF0};
        byte[] rx = new byte[4];
        dev.transfer(tx, rx, 3);
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xF0, 0x0F, 0}, rx);
        assertEquals("spi0.0", dev.name());
    }

    @Test
    void eachBusErrorCrossesAsItsOwnTypeWithBusAddressAndRegister() {
        I2cBus bus = remote.i2c("i2c-1", 400_000);
        expect(NakException.class, () -> bus.readRegisterByte(RegisterMapBoard.NAKS, 0x07), RegisterMapBoard.NAKS, 0x07);
        DeviceNotPresentException absent = expect(DeviceNotPresentException.class,
                () -> bus.readRegisterByte(RegisterMapBoard.ABSENT, 0x01), RegisterMapBoard.ABSENT, 0x01);
        assertEquals("no device answers", absent.detail());
        expect(BusTimeoutException.class, () -> bus.writeRegisterByte(RegisterMapBoard.STRETCHES, 0x33, 1),
                RegisterMapBoard.STRETCHES, 0x33);
        BusStuckException stuck = expect(BusStuckException.class, () -> bus.read(RegisterMapBoard.STUCK, new byte[1], 0, 1),
                RegisterMapBoard.STUCK, BusException.NO_REGISTER);
        assertEquals(BusStuckException.Line.SCL, stuck.line());
        expect(ArbitrationLostException.class, () -> bus.readRegisterByte(RegisterMapBoard.LOSES_ARBITRATION, 0x02),
                RegisterMapBoard.LOSES_ARBITRATION, 0x02);
        BusException plain = expect(BusException.class, () -> bus.readRegisterByte(RegisterMapBoard.FAILS, 0x04),
                RegisterMapBoard.FAILS, 0x04);
        assertEquals("controller error", plain.detail());
        BusException crash = expect(BusException.class, () -> bus.readRegisterByte(RegisterMapBoard.CRASHES, 0x05),
                RegisterMapBoard.CRASHES, 0x05);
        assertTrue(crash.getMessage().contains("driver bug"), crash.getMessage());
        // After all that the connection still serves.
        bus.writeRegisterByte(RegisterMapBoard.MAP, 0x10, 0x5A);
        assertEquals(0x5A, bus.readRegisterByte(RegisterMapBoard.MAP, 0x10));
    }

    private static <T extends BusException> T expect(Class<T> type, Runnable call, int address, int register) {
        BusException e = assertThrows(BusException.class, call::run);
        assertEquals(type, e.getClass());
        assertEquals("i2c-1", e.bus());
        assertEquals(address, e.address());
        assertEquals(register, e.register());
        return type.cast(e);
    }

    @Test
    void unknownBusesAndBadArgumentsAreRefusedAsArguments() {
        assertThrows(IllegalArgumentException.class, () -> remote.i2c("i2c-9", 100_000));
        assertThrows(IllegalArgumentException.class, () -> remote.spi("spi0", 3, 1_000_000));
        I2cBus bus = remote.i2c("i2c-1", 400_000);
        assertThrows(IllegalArgumentException.class, () -> bus.write(0x80, new byte[1], 0, 1));
        assertEquals(0, board.transactions);
    }

    @Test
    void recoveryIsOfferedWhenTheServersBusHasIt() {
        I2cBus bus = remote.i2c("i2c-1", 400_000);
        assertTrue(bus.recovery().orElseThrow().recoverStuckBus());
        assertTrue(board.busCleared);
    }

    @Test
    void gpioLevelsAndEdgesCrossWithTheirTimes() {
        GpioPin pin = remote.gpio("gpiochip0", 17, GpioDirection.INPUT);
        assertEquals("gpiochip0.17", pin.name());
        List<String> seen = new ArrayList<>();
        pin.addEdgeListener(GpioEdge.RISING, (p, edge, nanos) -> seen.add(edge + "@" + nanos));
        board.now.set(1_000);
        board.pin17.set(true);
        board.now.set(2_000);
        board.pin17.set(false);
        board.now.set(5_000);
        assertTrue(pin.read() == false);
        assertEquals(1, pin.poll()); // only the rising edge was asked for; same clock here, so same times
        assertEquals(List.of("RISING@1000"), seen);
        assertThrows(IllegalStateException.class, () -> pin.write(true));
        pin.close();
        assertTrue(board.pin17.closed);

        GpioPin out = remote.gpio("gpiochip0", 17, GpioDirection.OUTPUT_HIGH);
        assertTrue(board.pin17.level);
        out.write(false);
        assertFalse(board.pin17.level);
        assertThrows(IllegalStateException.class, () -> out.addEdgeListener(GpioEdge.BOTH, (p, e, t) -> { }));
    }

    @Test
    void aMissingGpioLineIsTheBackendsOwnError() {
        BusException e = assertThrows(BusException.class, () -> remote.gpio("gpiochip0", 4, GpioDirection.INPUT));
        assertEquals("gpiochip0", e.bus());
        assertEquals(4, e.address());
    }

    @Test
    void malformedFramesGetErrorRepliesAndNeverReachTheBus() throws IOException {
        try (Socket s = new Socket(server.address().getAddress(), server.port())) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = handshake(s, out);
            // Unknown op.
            out.writeInt(1);
            out.writeByte(0x7E);
            assertEquals(BusProtocol.ERR_BAD_REQUEST, replyStatus(in));
            // Write on a handle never opened.
            out.writeInt(5);
            out.write(new byte[] {BusProtocol.OP_I2C_WRITE, 0, 9, RegisterMapBoard.MAP, 0x10});
            assertEquals(BusProtocol.ERR_BAD_REQUEST, replyStatus(in));
            // Open a bus, then a read whose frame ends early and one with trailing bytes.
            int h = openI2c1(out, in);
            out.writeInt(4);
            out.write(new byte[] {BusProtocol.OP_I2C_READ, 0, (byte) h, RegisterMapBoard.MAP});
            assertEquals(BusProtocol.ERR_BAD_REQUEST, replyStatus(in));
            out.writeInt(7);
            out.write(new byte[] {BusProtocol.OP_I2C_READ, 0, (byte) h, RegisterMapBoard.MAP, 0, 1, 99});
            assertEquals(BusProtocol.ERR_BAD_REQUEST, replyStatus(in));
            // A 10-bit address and an oversized read.
            out.writeInt(6);
            out.write(new byte[] {BusProtocol.OP_I2C_READ, 0, (byte) h, (byte) 0xC8, 0, 1});
            assertEquals(BusProtocol.ERR_BAD_REQUEST, replyStatus(in));
            out.writeInt(6);
            out.write(new byte[] {BusProtocol.OP_I2C_READ, 0, (byte) h, RegisterMapBoard.MAP, (byte) 0xFF, (byte) 0xFF});
            assertEquals(BusProtocol.ERR_BAD_REQUEST, replyStatus(in));
            assertEquals(0, board.transactions);
            // A length that cannot be trusted: error reply, then the connection is closed.
            out.writeInt(Integer.MAX_VALUE);
            assertEquals(BusProtocol.ERR_BAD_REQUEST, replyStatus(in));
            assertEquals(-1, in.read());
        }
        assertEquals(0, board.transactions);
        // The server survived and takes the next client.
        try (RemoteBusProvider again = RemoteBusProvider.connect(server.address(), board.clock, TIMEOUT_MS, RETRY_NS)) {
            again.i2c("i2c-1", 400_000).writeRegisterByte(RegisterMapBoard.MAP, 0x01, 0x42);
            assertEquals(0x42, board.registers[0x01]);
        }
    }

    /** Speaks the handshake by hand on {@code s}; returns the stream positioned at the first reply. */
    private static DataInputStream handshake(Socket s, DataOutputStream out) throws IOException {
        s.setSoTimeout(2_000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        out.writeInt(BusProtocol.MAGIC);
        out.writeShort(BusProtocol.VERSION);
        assertEquals(BusProtocol.MAGIC, in.readInt());
        assertEquals(BusProtocol.VERSION, in.readUnsignedShort());
        assertEquals(BusProtocol.OK, replyStatus(in)); // OK + backend name
        return in;
    }

    /** Opens i2c-1 at 400 kHz by hand; returns the handle. */
    private static int openI2c1(DataOutputStream out, DataInputStream in) throws IOException {
        out.writeInt(12);
        out.write(new byte[] {BusProtocol.OP_OPEN_I2C, 0, 6, 0x1A, (byte) 0x80, 0, 5, 'i', '2', 'c', '-', '1'});
        DataInputStream opened = body(in);
        assertEquals(BusProtocol.OK, opened.readUnsignedByte());
        return opened.readUnsignedShort();
    }

    private static DataInputStream body(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new DataInputStream(new java.io.ByteArrayInputStream(b));
    }

    private static int replyStatus(DataInputStream in) throws IOException {
        return body(in).readUnsignedByte();
    }

    @Test
    void anOversizedWriteIsRefusedBeforeTheBus() throws IOException {
        try (Socket s = new Socket(server.address().getAddress(), server.port())) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = handshake(s, out);
            int h = openI2c1(out, in);
            byte[] frame = new byte[4 + BusProtocol.MAX_TRANSFER + 1];
            frame[0] = BusProtocol.OP_I2C_WRITE;
            frame[2] = (byte) h;
            frame[3] = RegisterMapBoard.MAP;
            out.writeInt(frame.length);
            out.write(frame);
            assertEquals(BusProtocol.ERR_BAD_REQUEST, replyStatus(in));
        }
        assertEquals(0, board.transactions);
    }

    @Test
    void aPeerWithoutTheMagicIsDroppedAndAnotherVersionRefused() throws IOException {
        try (Socket s = new Socket(server.address().getAddress(), server.port())) {
            s.setSoTimeout(2_000);
            s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(-1, s.getInputStream().read());
        }
        try (Socket s = new Socket(server.address().getAddress(), server.port())) {
            s.setSoTimeout(2_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.writeInt(BusProtocol.MAGIC);
            out.writeShort(BusProtocol.VERSION + 1);
            in.readInt();
            assertEquals(BusProtocol.VERSION, in.readUnsignedShort());
            assertEquals(BusProtocol.ERR_VERSION, replyStatus(in));
            assertEquals(-1, in.read());
        }
    }

    @Test
    void aServerThatGoesAwayIsATypedErrorNotAHang() {
        I2cBus bus = remote.i2c("i2c-1", 400_000);
        bus.writeRegisterByte(RegisterMapBoard.MAP, 0x00, 1);
        server.close();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            BusLinkException lost = assertThrows(BusLinkException.class, () -> bus.readRegisterByte(RegisterMapBoard.MAP, 0));
            assertEquals("i2c-1", lost.bus());
            assertEquals(RegisterMapBoard.MAP, lost.address());
            // Within the retry interval the next call fails at once, without a connect.
            BusLinkException down = assertThrows(BusLinkException.class, () -> bus.readRegisterByte(RegisterMapBoard.MAP, 0));
            assertInstanceOf(BusLinkException.class, down);
        });
    }

    @Test
    void aSilentServerTimesOut() throws IOException {
        try (ServerSocket mute = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                IOException e = assertThrows(IOException.class, () -> RemoteBusProvider.connect(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), mute.getLocalPort()), board.clock,
                        TIMEOUT_MS, RETRY_NS));
                assertTrue(e.getMessage().contains("timed out") || e instanceof java.net.SocketTimeoutException, e.toString());
            });
        }
    }

    @Test
    void aRestartedServerIsReconnectedAfterTheRetryIntervalWithHandlesReopened() throws IOException {
        I2cBus bus = remote.i2c("i2c-1", 400_000);
        int port = server.port();
        server.close();
        assertThrows(BusLinkException.class, () -> bus.readRegisterByte(RegisterMapBoard.MAP, 0), "link lost");
        assertThrows(BusLinkException.class, () -> bus.readRegisterByte(RegisterMapBoard.MAP, 0), "connect refused");
        server = BusServer.start(board, board.clock, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        assertThrows(BusLinkException.class, () -> bus.readRegisterByte(RegisterMapBoard.MAP, 0),
                "still inside the retry interval");
        board.now.addAndGet(RETRY_NS);
        bus.writeRegisterByte(RegisterMapBoard.MAP, 0x30, 0x77);
        assertEquals(0x77, board.registers[0x30]);
    }

    @Test
    void aNewClientReplacesTheOldOneAndGetsItsGpioLines() throws IOException {
        remote.gpio("gpiochip0", 17, GpioDirection.INPUT);
        try (RemoteBusProvider second = RemoteBusProvider.connect(server.address(), board.clock, TIMEOUT_MS, RETRY_NS)) {
            GpioPin pin = second.gpio("gpiochip0", 17, GpioDirection.OUTPUT_LOW);
            pin.write(true);
            assertTrue(board.pin17.level);
        }
    }
}
