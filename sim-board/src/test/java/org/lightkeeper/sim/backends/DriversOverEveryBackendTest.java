package org.lightkeeper.sim.backends;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lightkeeper.hal.board.BoardDrivers;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusProvider;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.NakException;
import org.lightkeeper.hal.bus.diozero.DiozeroBusProvider;
import org.lightkeeper.hal.bus.pi4j.Pi4jBusProvider;
import org.lightkeeper.hal.chip.Ads8688;
import org.lightkeeper.hal.chip.Ltc2668;
import org.lightkeeper.hal.chip.Pca9555;
import org.lightkeeper.hal.chip.Tca9548a;
import org.lightkeeper.hal.chip.Tmp117;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.chip.Ads8688Sim;
import org.lightkeeper.sim.chip.Ltc2668Sim;
import org.lightkeeper.sim.chip.Pca9555Sim;
import org.lightkeeper.sim.chip.Tca9548aSim;
import org.lightkeeper.sim.diozero.SimDeviceFactory;
import org.lightkeeper.sim.pi4j.SimPi4jPlugin;

/**
 * The same driver-level checks on the devkit board over every backend: the simulator's buses
 * directly, Pi4J with the simulator plugged in as a Pi4J plugin, and diozero with the simulator as
 * its device factory. hal's drivers and backends are the production code; only the bottom layer
 * (the plugin / the factory) differs from a Raspberry Pi.
 */
class DriversOverEveryBackendTest {
    enum Backend { SIM, PI4J, DIOZERO }

    private static final int ABSENT = 0x33;

    /** One simulated devkit and a bus provider of the chosen backend over it. */
    static final class Rig implements AutoCloseable {
        final SimBoard sim;
        final BusProvider buses;
        final BoardDrivers drivers;
        private final AutoCloseable cleanup;

        Rig(Backend backend) {
            BoardSpec spec = BoardFile.load("devkit");
            sim = SimBoard.build(spec, new VirtualClock());
            switch (backend) {
                case SIM -> {
                    buses = sim;
                    cleanup = () -> { };
                }
                case PI4J -> {
                    Context context = SimPi4jPlugin.contextFor(sim);
                    Pi4jBusProvider p = new Pi4jBusProvider(context);
                    buses = p;
                    cleanup = () -> {
                        p.close();
                        context.shutdown();
                    };
                }
                case DIOZERO -> {
                    // Passed explicitly: diozero's global factory is never set, so boards stay independent.
                    SimDeviceFactory factory = new SimDeviceFactory(sim);
                    DiozeroBusProvider p = new DiozeroBusProvider(factory);
                    buses = p;
                    cleanup = () -> {
                        p.close();
                        factory.close();
                    };
                }
                default -> throw new IllegalArgumentException(backend.toString());
            }
            drivers = new BoardDrivers(spec, buses);
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

    @ParameterizedTest
    @EnumSource(Backend.class)
    void backendNameIsReported(Backend b) {
        Rig r = open(b);
        assertEquals(b.name().toLowerCase(java.util.Locale.ROOT), r.drivers.backend());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tmp117ReadsItsDeviceId(Backend b) {
        Tmp117 t = open(b).drivers.get("board_temp", Tmp117.class);
        assertEquals(0x0117, t.deviceId());
        double c = t.readTemperatureC();
        assertTrue(c > 20 && c < 60, "board temperature " + c);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tca9548aSelectReadsBack(Backend b) {
        Rig r = open(b);
        Tca9548a mux = r.drivers.get("mux0", Tca9548a.class);
        mux.select(0b0000_0101);
        assertEquals(0b0000_0101, mux.selected());
        assertEquals(0b0000_0101, ((Tca9548aSim) r.sim.emulator("mux0")).control());
        mux.select(0);
        assertEquals(0, mux.selected());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pca9555ConfigurationAndOutputsReadBack(Backend b) {
        Rig r = open(b);
        Pca9555 gpio = r.drivers.get("els_sideband", Pca9555.class);
        gpio.configure(0xFFF9); // pins 1 (ResetL) and 2 (LPMode) outputs
        gpio.writeOutputs(0x0002);
        assertEquals(0xFFF9, gpio.readConfiguration());
        assertEquals(0x0002, gpio.readOutputs() & 0x0006);
        Pca9555Sim sim = (Pca9555Sim) r.sim.emulator("els_sideband");
        assertTrue(sim.pinLevel(1));
        assertEquals(false, sim.pinLevel(2));
        assertEquals(0, gpio.readInputs() & 0x0001, "ModPrsL low: module present");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void ltc2668WriteMovesTheEmulatedOutput(Backend b) {
        Rig r = open(b);
        Ltc2668 dac = r.drivers.get("heater_dac", Ltc2668.class);
        dac.writeAndUpdate(3, 0x8000);
        dac.writeAndUpdate(12, 0xFFFF);
        Ltc2668Sim sim = (Ltc2668Sim) r.sim.emulator("heater_dac");
        assertEquals(2.5, sim.outputVolts(3), 1e-3);
        assertEquals(5.0, sim.outputVolts(12), 1e-3);
        assertEquals(0.0, sim.outputVolts(4), 1e-9);
    }

    /** The auto sequence over a backend returns exactly what it returns on the simulator's own buses. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void ads8688AutoSequenceMatchesTheSimulator(Backend b) throws Exception {
        int[] expected;
        try (Rig reference = new Rig(Backend.SIM)) {
            expected = autoSequence(reference);
        }
        Rig r = open(b);
        int[] codes = autoSequence(r);
        assertArrayEquals(expected, codes);
        Ads8688Sim sim = (Ads8688Sim) r.sim.emulator("monitor_adc0");
        assertEquals(0b1010_0101, sim.register(Ads8688.REG_AUTO_SEQ_EN));
        assertTrue(sim.autoMode());
    }

    private static int[] autoSequence(Rig r) {
        Ltc2668 dac = r.drivers.get("heater_dac", Ltc2668.class);
        dac.writeAndUpdate(0, 0x4000);
        Ads8688 adc = r.drivers.get("monitor_adc0", Ads8688.class);
        adc.setRange(0, Ads8688.Range.UNIPOLAR_1V25_VREF);
        adc.configureAutoSequence(0b1010_0101); // channels 0, 2, 5, 7
        assertEquals(Ads8688.Range.UNIPOLAR_1V25_VREF.code(), adc.readRegister(Ads8688.REG_RANGE_CH_0));
        int[] codes = new int[4];
        adc.readAutoSequence(codes);
        return codes;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void absentAddressIsDeviceNotPresent(Backend b) {
        I2cBus bus = open(b).buses.i2c("i2c-1", 400_000);
        NakException e = assertThrows(NakException.class, () -> bus.readRegisterByte(ABSENT, 0x00));
        assertInstanceOf(DeviceNotPresentException.class, e);
        assertEquals("i2c-1", e.bus());
        assertEquals(ABSENT, e.address());
        assertTrue(e.getMessage().contains("0x33"), e.getMessage());
        DeviceNotPresentException w = assertThrows(DeviceNotPresentException.class,
                () -> bus.write(ABSENT, new byte[] {1, 2}, 0, 2));
        assertEquals(ABSENT, w.address());
    }

    /** A data NAK from a present chip stays a NAK (not "not present") and names the register. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void registerNakNamesBusAddressAndRegister(Backend b) {
        Rig r = open(b);
        I2cBus bus = r.buses.i2c("i2c-1", 400_000);
        BusException e = assertThrows(NakException.class, () -> bus.readRegisterByte(0x48, 0x20));
        assertEquals(NakException.class, e.getClass());
        assertEquals("i2c-1", e.bus());
        assertEquals(0x48, e.address());
        assertEquals(0x20, e.register());
        assertNotNull(e.getMessage());
        // The chip still answers afterwards.
        assertEquals(0x0117, r.drivers.get("board_temp", Tmp117.class).deviceId());
    }
}
