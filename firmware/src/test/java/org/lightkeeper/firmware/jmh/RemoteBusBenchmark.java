package org.lightkeeper.firmware.jmh;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.chip.Ads8688;
import org.lightkeeper.hal.bus.SpiDevice;
import org.lightkeeper.hal.bus.remote.BusServer;
import org.lightkeeper.hal.bus.remote.RemoteBusProvider;
import org.lightkeeper.hal.time.SystemClock;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Round-trip latency of one remote bus transaction over loopback (RemoteBusProvider -> BusServer ->
 * the devkit SimBoard, both in this JVM), against the same transaction on the SimBoard directly: the
 * difference is what the link adds to each of a ring tick's SPI frames. Sampled, for p50/p99.
 * Run: see docs/remote-bus.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RemoteBusBenchmark {
    private SimBoard sim;
    private BusServer server;
    private RemoteBusProvider remote;
    private SpiDevice remoteAdc;
    private SpiDevice localAdc;
    private I2cBus remoteI2c;
    /** MAN_Ch_0 ({@link Ads8688#CMD_MAN_CH_0}) and 16 clocks for the result. */
    private final byte[] tx = {(byte) (Ads8688.CMD_MAN_CH_0 >>> 8), 0, 0, 0};
    private final byte[] rx = new byte[4];
    private final byte[] reg = new byte[2];

    @Setup(Level.Trial)
    public void start() throws Exception {
        sim = SimBoard.build(BoardFile.load("devkit"), new VirtualClock(), 1L);
        server = BusServer.start(sim, sim.clock(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        remote = RemoteBusProvider.connect(server.address(), new SystemClock());
        remoteAdc = remote.spi("spi0", 1, 16_000_000);
        localAdc = sim.spi("spi0", 1, 16_000_000);
        remoteI2c = remote.i2c("i2c-1", 400_000);
    }

    @TearDown(Level.Trial)
    public void stop() {
        remote.close();
        server.close();
    }

    @Benchmark
    public void ping() {
        remote.ping();
    }

    @Benchmark
    public byte[] spiFrameRemote() {
        remoteAdc.transfer(tx, rx, 4);
        return rx;
    }

    @Benchmark
    public byte[] spiFrameLocal() {
        localAdc.transfer(tx, rx, 4);
        return rx;
    }

    /** TMP117 temperature register (0x00), a 2-byte write-then-read. */
    @Benchmark
    public byte[] i2cRegisterReadRemote() {
        remoteI2c.readRegister(0x48, 0x00, reg, 0, 2);
        return reg;
    }
}
