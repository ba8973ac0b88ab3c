package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * DESIGN.md section 3: the steady-state control loop allocates nothing. Counted with the JVM's
 * per-thread allocation counter around 20,000 ring-loop ticks once every ring is locked: the count
 * covers the firmware's tick, its drivers and the simulated chips below them. Every measured tick must
 * count nothing: no window, no retry.
 *
 * <p>The count runs in a JVM of its own with the C1 compiler only ({@code -XX:TieredStopAtLevel=1}).
 * Under C2 the loop thread's counter is not the loop's alone: when a method first becomes hot enough
 * for C2, the thread that tripped the counter resolves every String literal still unresolved in that
 * method's class (HotSpot {@code CompileBroker::compile_method}: {@code resolve_string_constants}),
 * so exception messages on paths that never run are allocated, once per class, at a tick set by the
 * compilers' timing rather than by the loop. That is what an earlier version of this test counted and
 * retried (96 bytes: the String and byte[] of {@code Ads8688Monitors}' one literal; 80 bytes:
 * {@code ScriptedTemperature}'s; 896 bytes: {@code sun.management.ThreadImpl}'s, the counter's own
 * class; traced with JFR allocation events under {@code -XX:-UseTLAB} and {@code -XX:+LogCompilation}).
 * C1 does not resolve literals ahead, and it does no escape analysis either, so zero under C1 says the
 * code itself allocates nothing, with no help from C2 eliminating allocations (C2 only removes them).
 * {@link #aLoopThatAllocatesEachTickIsCaught()} shows the count is live.
 */
class SteadyStateAllocationTest {
    private static final int WARM_UP_TICKS = 20_000;
    private static final int MEASURED_TICKS = 20_000;

    @Test
    void ringLoopTicksAllocateNothingOnceLocked() throws Exception {
        assertEquals(0, bytesAllocated("dither", false), "bytes allocated by " + MEASURED_TICKS + " steady-state ring-loop ticks");
    }

    /** Gradient tracking (the devkit on a 1 MHz SPI bus: a group of two rings a tick, partial ADC reads). */
    @Test
    void gradientTrackingTicksAllocateNothingOnceLocked() throws Exception {
        assertEquals(0, bytesAllocated("gradient", false), "bytes allocated by " + MEASURED_TICKS + " steady-state ring-loop ticks");
    }

    /**
     * A ring without a line (lane 4 disabled by the operator: its ring gets none) held clear of every line
     * by {@link LineHop#holdIdle} while the die ramps 8 K up over the warm-up and down over the count, so
     * the idle rings are moved (the count fails if they were not).
     */
    @Test
    void ticksHoldingARingWithoutALineAllocateNothing() throws Exception {
        assertEquals(0, bytesAllocated("idle", false), "bytes allocated by " + MEASURED_TICKS + " ring-loop ticks with idle rings");
    }

    /** The same count, with a 16-byte array allocated after every tick: it must see every one of them. */
    @Test
    void aLoopThatAllocatesEachTickIsCaught() throws Exception {
        long bytes = bytesAllocated("gradient", true);
        assertTrue(bytes >= 32L * MEASURED_TICKS, "a byte[16] a tick counted " + bytes + " bytes over " + MEASURED_TICKS + " ticks");
    }

    /** Runs {@link Loop} in a C1-only JVM and returns the bytes it counted over the measured ticks. */
    private static long bytesAllocated(String mode, boolean allocateEachTick) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                Loop.class.getName(), mode, Boolean.toString(allocateEachTick));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "allocation count did not finish:\n" + out);
        assertEquals(0, p.exitValue(), "allocation count failed:\n" + out);
        String[] lines = out.strip().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.startsWith(Loop.RESULT), "no result line:\n" + out);
        return Long.parseLong(last.substring(Loop.RESULT.length()).strip());
    }

    /** The measured loop, run as the main class of its own JVM: {@code dither|gradient|idle allocateEachTick}. */
    public static final class Loop {
        static final String RESULT = "allocated bytes:";
        /** Where the deliberate per-tick allocation goes, so that no compiler can drop it. */
        static volatile Object sink;

        public static void main(String[] args) {
            LogManager.getLogManager().reset();
            boolean gradient = args[0].equals("gradient");
            boolean idle = args[0].equals("idle");
            boolean allocate = Boolean.parseBoolean(args[1]);
            BoardSpec spec = gradient ? BoardVariants.of("devkit", 1_000_000, null) : BoardFile.load("devkit");
            VirtualClock clock = new VirtualClock();
            SimBoard sim = SimBoard.build(spec, clock);
            Firmware fw = new Firmware(spec, sim, clock);
            if (idle) {
                fw.slots().get(0).setOperatorLanes(0xFF & ~(1 << 4));
            }
            fw.runUntil(4_000_000_000L, clock::advanceTo);
            EngineLock lock = fw.engines().get(0);
            TrackingPlan.Mode expected = gradient ? TrackingPlan.Mode.GRADIENT : TrackingPlan.Mode.DITHER;
            int withLine = 0;
            for (int i = 0; i < lock.ringCount(); i++) {
                withLine += lock.lane(i) >= 0 ? 1 : 0;
            }
            if (fw.snapshot().ringsLocked() != withLine || withLine != (idle ? 14 : 16) || lock.trackingPlan().mode() != expected) {
                throw new IllegalStateException("not the steady state to measure: " + fw.snapshot().ringsLocked() + " of "
                        + withLine + " rings with a line locked, tracking " + lock.trackingPlan().mode());
            }
            double[] idleMw = new double[lock.ringCount()];
            if (idle) {
                long t = clock.nanos();
                sim.die().addRamp(t, WARM_UP_TICKS * 500_000L, 8);
                sim.die().addRamp(t + WARM_UP_TICKS * 500_000L, MEASURED_TICKS * 500_000L, -8);
            }
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            for (int k = 0; k < WARM_UP_TICKS; k++) { // every path of the steady state run once
                clock.advance(500_000);
                lock.tick(clock.nanos());
            }
            for (int i = 0; i < idleMw.length; i++) {
                idleMw[i] = lock.heaterMw(i);
            }
            double moved = 0; // summed heater steps of the idle rings over the count
            long before = threads.getThreadAllocatedBytes(id);
            for (int k = 0; k < MEASURED_TICKS; k++) {
                clock.advance(500_000);
                lock.tick(clock.nanos());
                if (allocate) {
                    sink = new byte[16];
                }
                for (int i = 0; idle && i < idleMw.length; i++) {
                    if (lock.lane(i) < 0) {
                        moved += Math.abs(lock.heaterMw(i) - idleMw[i]);
                        idleMw[i] = lock.heaterMw(i);
                    }
                }
            }
            long bytes = threads.getThreadAllocatedBytes(id) - before;
            if (idle && (moved < 0.1 || fw.snapshot().ringsLocked() != 14)) {
                throw new IllegalStateException("idle rings moved " + moved + " mW, " + fw.snapshot().ringsLocked()
                        + " rings locked: not the case to count");
            }
            System.out.println("idle rings moved " + moved + " mW in all");
            System.out.println(RESULT + " " + bytes);
        }
    }
}
