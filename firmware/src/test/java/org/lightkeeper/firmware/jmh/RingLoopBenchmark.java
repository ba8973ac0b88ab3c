package org.lightkeeper.firmware.jmh;

import java.util.concurrent.TimeUnit;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.ring.EngineLock;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one steady-state ring-loop tick of one engine (read every monitor, update every tracker,
 * write the heaters that changed), every ring locked. The simulated chips answer below the drivers,
 * so the figure includes the emulators; {@code -prof gc} shows the allocation rate (zero).
 * Run: see docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RingLoopBenchmark {
    @Param({"devkit", "ref-51t2"})
    public String board;

    private VirtualClock clock;
    private EngineLock lock;
    private long period;

    @Setup(Level.Trial)
    public void lockEverything() {
        BoardSpec spec = BoardFile.load(board);
        clock = new VirtualClock();
        SimBoard sim = SimBoard.build(spec, clock);
        Firmware fw = new Firmware(spec, sim, clock);
        fw.runUntil(4_000_000_000L, clock::advanceTo);
        lock = fw.engines().get(0);
        period = spec.control().ringPeriodNs();
    }

    @Benchmark
    public void oneEngineTick() {
        clock.advance(period);
        lock.tick(clock.nanos());
    }
}
