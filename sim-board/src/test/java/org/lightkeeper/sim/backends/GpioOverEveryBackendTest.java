package org.lightkeeper.sim.backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import com.pi4j.context.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightkeeper.hal.board.BoardDrivers;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.GpioDirection;
import org.lightkeeper.hal.bus.GpioEdge;
import org.lightkeeper.hal.bus.GpioEdgeListener;
import org.lightkeeper.hal.bus.GpioPin;
import org.lightkeeper.hal.bus.GpioProvider;
import org.lightkeeper.hal.bus.Pca9555GpioPin;
import org.lightkeeper.hal.bus.diozero.DiozeroBusProvider;
import org.lightkeeper.hal.bus.pi4j.Pi4jBusProvider;
import org.lightkeeper.hal.chip.Pca9555;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.bus.SimGpioChip;
import org.lightkeeper.sim.bus.SimGpioLine;
import org.lightkeeper.sim.chip.Pca9555Sim;
import org.lightkeeper.sim.diozero.SimDeviceFactory;
import org.lightkeeper.sim.pi4j.SimPi4jPlugin;

/**
 * The same GPIO checks over every backend: the simulator's chip directly, Pi4J with the simulator as
 * its digital I/O providers, diozero with the simulator as its device factory. hal's adapters are the
 * production code; only the bottom layer differs from a Raspberry Pi.
 */
class GpioOverEveryBackendTest {
    enum Backend { SIM, PI4J, DIOZERO }

    private static final String CHIP = "gpiochip0";

    static final class Rig implements AutoCloseable {
        final VirtualClock clock = new VirtualClock();
        final SimGpioChip chip = new SimGpioChip(CHIP, 28, clock);
        final SimBoard sim;
        final GpioProvider gpio;
        final BoardDrivers drivers;
        private final AutoCloseable cleanup;

        Rig(Backend backend) {
            BoardSpec spec = BoardFile.load("devkit");
            sim = SimBoard.build(spec, clock);
            switch (backend) {
                case SIM -> {
                    gpio = chip;
                    drivers = new BoardDrivers(spec, sim);
                    cleanup = () -> { };
                }
                case PI4J -> {
                    Context context = SimPi4jPlugin.contextFor(sim, chip);
                    Pi4jBusProvider p = new Pi4jBusProvider(context, clock);
                    gpio = p;
                    drivers = new BoardDrivers(spec, p);
                    cleanup = () -> {
                        p.close();
                        context.shutdown();
                    };
                }
                case DIOZERO -> {
                    SimDeviceFactory factory = new SimDeviceFactory(sim, chip);
                    DiozeroBusProvider p = new DiozeroBusProvider(factory, clock);
                    gpio = p;
                    drivers = new BoardDrivers(spec, p);
                    cleanup = () -> {
                        p.close();
                        factory.close();
                    };
                }
                default -> throw new IllegalArgumentException(backend.toString());
            }
        }

        @Override
        public void close() throws Exception {
            cleanup.close();
        }
    }

    private Rig rig;

    private Rig open(Backend b) {
        rig = new Rig(b);
        return rig;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private static GpioEdgeListener into(List<String> seen) {
        return (pin, edge, nanos) -> seen.add(edge + "@" + nanos);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void inputReadsTheLevelTheWorldDrives(Backend b) {
        Rig r = open(b);
        GpioPin in = r.gpio.gpio(CHIP, 17, GpioDirection.INPUT);
        assertEquals(GpioDirection.INPUT, in.direction());
        assertTrue(in.name().contains("17"), in.name());
        assertFalse(in.read());
        r.chip.line(17).drive(true);
        assertTrue(in.read());
        r.chip.line(17).drive(false);
        assertFalse(in.read());
        assertThrows(IllegalStateException.class, () -> in.write(true));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void outputOpensAtItsLevelWithoutAGlitchAndReadsBack(Backend b) {
        Rig r = open(b);
        SimGpioLine line = r.chip.line(4);
        line.drive(true); // the line floats high before it is opened
        GpioPin reset = r.gpio.gpio(CHIP, 4, GpioDirection.OUTPUT_HIGH);
        assertTrue(line.isOutput());
        assertTrue(line.level());
        assertEquals(1, line.edgeCount(), "only the external drive moved the line: no low glitch on open");
        reset.write(false);
        assertFalse(line.level());
        assertFalse(reset.read());
        reset.write(true);
        assertTrue(line.level());
        assertTrue(reset.read());
        assertThrows(IllegalStateException.class, () -> reset.addEdgeListener(GpioEdge.BOTH, (p, e, t) -> { }));

        GpioPin low = r.gpio.gpio(CHIP, 5, GpioDirection.OUTPUT_LOW);
        assertFalse(low.read());
        assertEquals(0, r.chip.line(5).edgeCount());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void edgesReachListenersOnlyInPollInOrderWithVirtualTime(Backend b) {
        Rig r = open(b);
        GpioPin in = r.gpio.gpio(CHIP, 22, GpioDirection.INPUT);
        List<String> rising = new ArrayList<>();
        List<String> falling = new ArrayList<>();
        List<String> both = new ArrayList<>();
        in.addEdgeListener(GpioEdge.RISING, into(rising));
        in.addEdgeListener(GpioEdge.FALLING, into(falling));
        in.addEdgeListener(GpioEdge.BOTH, into(both));
        SimGpioLine line = r.chip.line(22);
        r.clock.advance(1_000);
        line.drive(true);
        r.clock.advance(1_500);
        line.drive(false);
        r.clock.advance(1_500);
        line.drive(true);
        assertTrue(both.isEmpty(), "no listener runs outside poll()");
        assertEquals(3, in.pendingEdges());
        assertEquals(3, in.poll());
        assertEquals(List.of("RISING@1000", "RISING@4000"), rising);
        assertEquals(List.of("FALLING@2500"), falling);
        assertEquals(List.of("RISING@1000", "FALLING@2500", "RISING@4000"), both);
        assertEquals(List.of(new SimGpioLine.Edge(1_000, true), new SimGpioLine.Edge(2_500, false),
                new SimGpioLine.Edge(4_000, true)), line.edges());
        assertEquals(0, in.poll());
        assertEquals(0, in.droppedEdges());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFloodOfEdgesDropsTheOldestAndCountsThem(Backend b) {
        Rig r = open(b);
        GpioPin in = r.gpio.gpio(CHIP, 6, GpioDirection.INPUT);
        List<String> both = new ArrayList<>();
        in.addEdgeListener(GpioEdge.BOTH, into(both));
        for (int i = 1; i <= 70; i++) {
            r.clock.advance(10);
            r.chip.line(6).drive(i % 2 == 1);
        }
        assertEquals(64, in.pendingEdges());
        assertEquals(6, in.droppedEdges());
        assertEquals(64, in.poll());
        assertEquals("RISING@70", both.get(0)); // edges 1-6 (10..60 ns) pushed out
        assertEquals("FALLING@700", both.get(63));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aMissingLineIsABusErrorNamingChipAndLine(Backend b) {
        Rig r = open(b);
        BusException e = assertThrows(BusException.class, () -> r.gpio.gpio(CHIP, 99, GpioDirection.INPUT));
        assertEquals(CHIP, e.bus());
        assertEquals(99, e.address());
        assertTrue(e.getMessage().contains("gpiochip0"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFailedLineIsABusErrorOnReadAndWrite(Backend b) {
        Rig r = open(b);
        GpioPin in = r.gpio.gpio(CHIP, 9, GpioDirection.INPUT);
        GpioPin out = r.gpio.gpio(CHIP, 10, GpioDirection.OUTPUT_LOW);
        r.chip.line(9).fail(true);
        r.chip.line(10).fail(true);
        BusException re = assertThrows(BusException.class, in::read);
        assertEquals(BusException.class, re.getClass());
        assertEquals(CHIP, re.bus());
        assertEquals(9, re.address());
        assertEquals(BusException.NO_REGISTER, re.register());
        BusException we = assertThrows(BusException.class, () -> out.write(true));
        assertEquals(10, we.address());
        assertFalse(r.chip.line(10).level(), "a failed write changes nothing");
        r.chip.line(9).fail(false);
        r.chip.line(9).drive(true);
        assertTrue(in.read());
    }

    /** A PCA9555 pin over each backend's I2C: edges found by poll, stamped after the read on virtual time. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void pca9555PinEdgesAreFoundByPoll(Backend b) {
        Rig r = open(b);
        Pca9555 expander = r.drivers.get("els_sideband", Pca9555.class);
        Pca9555Sim sim = (Pca9555Sim) r.sim.emulator("els_sideband");
        GpioPin spare = new Pca9555GpioPin(expander, 7, GpioDirection.INPUT, r.clock);
        assertEquals("i2c-1/0x20.7", spare.name());
        List<String> both = new ArrayList<>();
        spare.addEdgeListener(GpioEdge.BOTH, into(both));
        sim.setInput(7, false);
        assertEquals(1, spare.poll());
        assertEquals(List.of("FALLING@" + r.clock.nanos()), both);
        sim.setInput(7, true);
        r.clock.advance(5_000);
        assertEquals(1, spare.poll());
        assertEquals("RISING@" + r.clock.nanos(), both.get(1));
        assertEquals(0, spare.poll());
    }
}
