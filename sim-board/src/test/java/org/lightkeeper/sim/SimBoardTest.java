package org.lightkeeper.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardFileException;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.I2cBus;
import org.lightkeeper.hal.bus.MuxedI2cBus;
import org.lightkeeper.hal.chip.Ads8688;
import org.lightkeeper.hal.chip.Ads8688.Range;
import org.lightkeeper.hal.chip.Tca9548a;
import org.lightkeeper.hal.chip.cmis.ElsfpMap;
import org.lightkeeper.sim.chip.ElsfpSim;
import org.lightkeeper.sim.physics.EnginePhysics;
import org.lightkeeper.sim.physics.RingTruth;

class SimBoardTest {
    private static final long MS = 1_000_000L;
    private static final int ELS_ADDRESS = 0x50;

    private static String devkitText() {
        try (InputStream in = SimBoardTest.class.getClassLoader().getResourceAsStream("boards/devkit.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String edited(String from, String to) {
        String text = devkitText();
        assertTrue(text.contains(from), "devkit.yaml no longer contains '" + from + "'");
        return text.replace(from, to);
    }

    private static SimBoard board(String name, String yaml) {
        return SimBoard.build(BoardFile.parse(name, new StringReader(yaml)), new VirtualClock());
    }

    @Test
    void sameSeedSameTruthBitForBit() {
        SimBoard a = SimBoard.build(BoardFile.load("devkit"), new VirtualClock());
        SimBoard b = board("copy.yaml", devkitText());
        List<RingTruth> ta = a.truth();
        assertEquals(16, ta.size());
        assertEquals(ta, b.truth()); // record equality compares doubles bit for bit
        // The seeded noise stream is reproducible too.
        for (int k = 0; k < 20; k++) {
            assertEquals(Double.doubleToLongBits(a.engine(0).monitorMa(k % 16)),
                    Double.doubleToLongBits(b.engine(0).monitorMa(k % 16)));
        }
    }

    @Test
    void differentSeedDifferentResonances() {
        List<RingTruth> a = board("seed7.yaml", devkitText()).truth();
        List<RingTruth> b = board("seed8.yaml", edited("seed: 7", "seed: 8")).truth();
        for (int i = 0; i < a.size(); i++) {
            assertNotEquals(a.get(i).resonanceNm(), b.get(i).resonanceNm(), "ring " + i);
        }
    }

    @Test
    void boardWithoutPhysicsIsRefusedNamingTheFile() {
        String text = devkitText();
        String noPhysics = text.substring(0, text.indexOf("\nphysics:") + 1);
        BoardSpec spec = BoardFile.parse("bench-nophysics.yaml", new StringReader(noPhysics));
        BoardFileException e = assertThrows(BoardFileException.class, () -> SimBoard.build(spec, new VirtualClock()));
        assertEquals("bench-nophysics.yaml", e.file());
        assertTrue(e.getMessage().startsWith("bench-nophysics.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("physics"), e.getMessage());
    }

    @Test
    void elsBehindMuxChannelIsReachableOnlyThroughTheMux() {
        SimBoard sim = SimBoard.build(BoardFile.load("devkit"), new VirtualClock());
        sim.clock().advance(100 * MS); // past the module's MgmtInit, so a NAK can only mean "not there"
        I2cBus root = sim.i2c("i2c-1", 400_000);
        Tca9548a mux = new Tca9548a(root, 0x70);
        assertEquals(0, mux.selected());
        assertThrows(DeviceNotPresentException.class, () -> root.readRegisterByte(ELS_ADDRESS, 0));
        mux.select(1 << 1);
        assertThrows(DeviceNotPresentException.class, () -> root.readRegisterByte(ELS_ADDRESS, 0));
        mux.select(1 << 0);
        assertEquals(1, mux.selected());
        int identifier = root.readRegisterByte(ELS_ADDRESS, 0);
        mux.select(0);
        assertThrows(DeviceNotPresentException.class, () -> root.readRegisterByte(ELS_ADDRESS, 0));
        MuxedI2cBus ch0 = new MuxedI2cBus(mux, new MuxedI2cBus.MuxSelection(), 0, "mux0");
        assertEquals(identifier, ch0.readRegisterByte(ELS_ADDRESS, 0));
        assertEquals(1, mux.selected());
        MuxedI2cBus ch3 = new MuxedI2cBus(mux, new MuxedI2cBus.MuxSelection(), 3, "mux0");
        DeviceNotPresentException e = assertThrows(DeviceNotPresentException.class,
                () -> ch3.readRegisterByte(ELS_ADDRESS, 0));
        assertTrue(e.getMessage().contains("i2c-1/mux0.3"), e.getMessage());
        // Root devices stay reachable whatever the mux selects.
        root.readRegisterByte(0x48, 0);
    }

    @Test
    void adcReadsMonitorCurrentTimesTiaGain() {
        SimBoard sim = board("quiet.yaml", edited("pd_noise_ua: 0.02", "pd_noise_ua: 0"));
        lightAllLanes(sim);
        EnginePhysics e = sim.engine(0);
        double gainKohm = 10; // devkit tia_gain_kohm
        Ads8688 adc = new Ads8688(sim.spi("spi0", 1, 16_000_000));
        double lsb = Range.UNIPOLAR_1V25_VREF.spanVolts() / 65536.0;
        double brightest = 0;
        for (int ch = 0; ch < 8; ch++) {
            adc.setRange(ch, Range.UNIPOLAR_1V25_VREF);
            int code = adc.readManual(ch);
            double expected = e.monitorMa(ch) * gainKohm; // ring ch on monitor_adc0/ch, nothing moving
            assertEquals(expected, Ads8688.voltsFor(Range.UNIPOLAR_1V25_VREF, code), lsb, "channel " + ch);
            brightest = Math.max(brightest, expected);
        }
        assertTrue(brightest > 100 * lsb, "some ring must see light for this test to mean anything: " + brightest);
    }

    /** Through the ELSFP's own registers: low power off, wait for ModuleReady, enable all lanes. */
    private static void lightAllLanes(SimBoard sim) {
        ElsfpSim els = sim.els(0);
        VirtualClock clock = sim.clock();
        clock.advance((sim.params().elsInitMs() + 1) * MS);
        write(els, ElsfpMap.MODULE_CONTROL.offset(), 0);
        clock.advance((sim.params().elsPowerUpMs() + 1) * MS);
        write(els, ElsfpMap.PAGE_SELECT.offset(), ElsfpMap.PAGE_1A);
        write(els, ElsfpMap.LANE_ENABLE.offset(), 0xFF);
        clock.advance((sim.params().elsLaneRampMs() + 1) * MS);
        for (int lane = 0; lane < 8; lane++) {
            assertEquals(sim.params().elsLanePowerMw(), els.laneOutputMw(lane), 1e-9, "lane " + lane);
        }
    }

    private static void write(ElsfpSim els, int register, int value) {
        els.write(new byte[] {(byte) register, (byte) value}, 0, 2);
    }
}
