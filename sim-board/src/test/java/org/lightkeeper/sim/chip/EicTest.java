package org.lightkeeper.sim.chip;

import static org.junit.jupiter.api.Assertions.*;
import static org.lightkeeper.hal.chip.eic.EicRegisters.*;
import static org.lightkeeper.sim.chip.RecordingSpi.bytes;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.SpiDevice;
import org.lightkeeper.hal.bus.WireTime;
import org.lightkeeper.hal.chip.eic.Eic;
import org.lightkeeper.hal.chip.eic.EicStatus;
import org.lightkeeper.hal.chip.eic.HeaterFaults;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.bus.SimSpiDevice;

class EicTest {
    private static final int HZ = 50_000_000;
    private final VirtualClock clock = new VirtualClock();
    private final List<String> heaterEvents = new ArrayList<>();
    private final int[] monitorInput = new int[MAX_RINGS];
    private double dieC = 45.0;
    private final EicSim sim = new EicSim(64, (r, c) -> heaterEvents.add(r + "=" + c), r -> monitorInput[r], () -> dieC);
    private final SimSpiDevice spi = new SimSpiDevice("spi1.0", HZ, clock, sim);
    private final RecordingSpi rec = new RecordingSpi(spi);
    private final Eic eic = new Eic(rec);

    private static int[] ramp(int step) {
        int[] c = new int[MAX_RINGS];
        for (int r = 0; r < MAX_RINGS; r++) {
            c[r] = 1000 + step * r;
        }
        return c;
    }

    @Test
    void singleFramesMatchTheRegisterMapByteForByte() {
        eic.writeScratch(0x1234);
        eic.writeHeaterCode(5, 0xABCD);
        eic.sampleMonitors();
        eic.id();
        eic.setModulatorBias(63, 0x0102);
        assertArrayEquals(bytes(0x00, 0x00, 0x07, 0x12, 0x34), rec.frames.get(0));
        assertArrayEquals(bytes(0x00, 0x01, 0x05, 0xAB, 0xCD), rec.frames.get(1));
        assertArrayEquals(bytes(0x00, 0x00, 0x05, 0x00, 0x01), rec.frames.get(2));
        assertArrayEquals(bytes(0x80, 0x00, 0x00, 0x00, 0x00), rec.frames.get(3));
        assertArrayEquals(bytes(0x00, 0x05, 0x3F, 0x01, 0x02), rec.frames.get(4));
    }

    @Test
    void misoCarriesSyncStatusThenData() {
        byte[] rx = new byte[5];
        spi.transfer(bytes(0x80, 0x00, 0x00, 0, 0), rx, 5); // read ID
        assertArrayEquals(bytes(0xA5, 0x00, STATUS_POWER_GOOD, 0xEC, 0x11), rx);
        assertEquals(ID_VALUE, eic.id());
        assertEquals(0xEC10, eic.id() & ID_PART_MASK);
        assertEquals(REVISION, eic.id() & ID_REVISION_MASK);
        assertEquals(64, eic.rings());
    }

    @Test
    void allSixtyFourHeaterCodesGoOutInOneFrameAndMoveTogether() {
        int[] codes = ramp(100);
        // Every hook call comes after all writes of the frame: ring 63 is applied when ring 0 is told.
        List<Integer> ring63AtHook = new ArrayList<>();
        EicSim[] self = new EicSim[1];
        self[0] = new EicSim(64, (r, c) -> ring63AtHook.add(self[0].heaterCode(63)), r -> 0, () -> 25.0);
        new Eic(new SimSpiDevice("spi1.1", HZ, clock, self[0])).writeHeaterCodes(codes, 0, 64);
        assertEquals(64, ring63AtHook.size());
        assertTrue(ring63AtHook.stream().allMatch(c -> c == codes[63]), ring63AtHook.toString());

        long t0 = clock.nanos();
        eic.writeHeaterCodes(codes, 0, 64);
        assertEquals(1, rec.frames.size());
        byte[] f = rec.frames.get(0);
        assertEquals(HEADER_BYTES + 128, f.length);
        assertArrayEquals(bytes(0x40, 0x01, 0x00, 0x03, 0xE8, 0x04, 0x4C), Arrays.copyOf(f, 7));
        assertEquals((byte) (codes[63] >>> 8), f[3 + 126]);
        assertEquals((byte) codes[63], f[3 + 127]);
        for (int r = 0; r < 64; r++) {
            assertEquals(codes[r], sim.heaterCode(r));
        }
        assertEquals(64, heaterEvents.size());
        assertEquals("17=" + codes[17], heaterEvents.get(17));
        // 131 bytes at 50 MHz plus chip-select overhead: 21.06 us for the whole engine.
        assertEquals(21_060, clock.nanos() - t0);
    }

    @Test
    void partialBurstTouchesOnlyItsRingsAndArrayIsIndexedByRing() {
        int[] codes = new int[MAX_RINGS];
        codes[10] = 111;
        codes[11] = 222;
        codes[12] = 333;
        eic.writeHeaterCodes(codes, 10, 2);
        assertArrayEquals(bytes(0x40, 0x01, 0x0A, 0x00, 111, 0x00, 222), rec.frames.get(0));
        assertEquals(111, sim.heaterCode(10));
        assertEquals(222, sim.heaterCode(11));
        assertEquals(0, sim.heaterCode(12));
        int[] back = new int[MAX_RINGS];
        Arrays.fill(back, -7);
        eic.readHeaterCodes(back, 10, 3);
        assertEquals(-7, back[9]);
        assertEquals(111, back[10]);
        assertEquals(222, back[11]);
        assertEquals(0, back[12]);
        assertEquals(-7, back[13]);
    }

    @Test
    void hardwareClampLimitsWrittenCodesAndLowersPresentOnes() {
        eic.setHeaterMaxCode(3, 0x8000);
        eic.writeHeaterCode(3, 0xFFFF);
        assertEquals(0x8000, sim.heaterCode(3));
        int[] back = new int[MAX_RINGS];
        eic.readHeaterCodes(back, 3, 1);
        assertEquals(0x8000, back[3], "readback shows the applied, clamped code");
        assertEquals(List.of("3=32768"), heaterEvents);

        int[] codes = new int[MAX_RINGS];
        Arrays.fill(codes, 0x9000);
        eic.writeHeaterCodes(codes, 0, 8);
        assertEquals(0x8000, sim.heaterCode(3));
        assertEquals(0x9000, sim.heaterCode(2));
        assertEquals(0x9000, sim.heaterCode(4));

        heaterEvents.clear();
        eic.setHeaterMaxCode(3, 0x1000);
        assertEquals(0x1000, sim.heaterCode(3));
        assertEquals(List.of("3=4096"), heaterEvents);
        assertEquals(0x1000, eic.heaterMaxCode(3));
        eic.setHeaterMaxCode(3, 0xFFFF);
        assertEquals(0x1000, sim.heaterCode(3), "raising the max does not raise the code");

        int[] maxes = new int[MAX_RINGS];
        Arrays.fill(maxes, 0x0800);
        eic.writeHeaterMaxCodes(maxes, 0, 64);
        for (int r = 0; r < 8; r++) {
            assertEquals(0x0800, sim.heaterCode(r));
        }
    }

    @Test
    void sixtyFourMonitorsAreOneSampleFrameAndOneReadFrame() {
        for (int r = 0; r < 64; r++) {
            monitorInput[r] = 500 * r + 7;
        }
        int[] out = new int[MAX_RINGS];
        eic.readMonitors(out, 0, 64);
        assertTrue(Arrays.stream(out).allMatch(v -> v == 0), "no snapshot before the first SAMPLE");
        assertFalse(new EicStatus(eic.lastFrameStatus()).monitorsValid());
        rec.frames.clear();

        long t0 = clock.nanos();
        eic.sampleMonitors();
        Arrays.fill(monitorInput, 1); // the light changes after the snapshot
        eic.readMonitors(out, 0, 64);
        assertEquals(2, rec.frames.size());
        assertArrayEquals(bytes(0xC0, 0x03, 0x00), Arrays.copyOf(rec.frames.get(1), 3));
        assertEquals(HEADER_BYTES + 128, rec.frames.get(1).length);
        assertArrayEquals(new byte[128], Arrays.copyOfRange(rec.frames.get(1), 3, 131), "read data phase sends zeros");
        assertEquals(WireTime.spiNanos(HZ, 5) + WireTime.spiNanos(HZ, 131), clock.nanos() - t0);
        for (int r = 0; r < 64; r++) {
            assertEquals(500 * r + 7, out[r], "ring " + r);
        }
        assertTrue(new EicStatus(eic.lastFrameStatus()).monitorsValid());
        assertEquals(1, eic.sampleCount());

        eic.sampleMonitors();
        eic.readMonitors(out, 60, 4);
        assertEquals(1, out[60]);
        assertEquals(2, eic.sampleCount());
    }

    @Test
    void monitorCodesAreClampedToTheAdcRange() {
        monitorInput[0] = -5;
        monitorInput[1] = 70_000;
        eic.sampleMonitors();
        int[] out = new int[2];
        eic.readMonitors(out, 0, 2);
        assertArrayEquals(new int[] {0, 0xFFFF}, out);
    }

    @Test
    void heaterFaultsLatchNeedDriveAndClearOnRead() {
        sim.injectHeaterFault(2, EicSim.HeaterFault.OPEN);
        sim.injectHeaterFault(40, EicSim.HeaterFault.SHORT);
        eic.readScratch();
        assertFalse(eic.latchedHeaterFaults().any(), "an undriven heater cannot be judged");

        eic.writeHeaterCode(2, 100);
        eic.writeHeaterCode(40, 100);
        eic.readScratch(); // faults are seen at the start of this frame
        assertTrue(new EicStatus(eic.lastFrameStatus()).heaterFault());
        sim.injectHeaterFault(2, EicSim.HeaterFault.NONE);
        sim.injectHeaterFault(40, EicSim.HeaterFault.NONE); // condition gone, flags stay latched

        rec.frames.clear();
        HeaterFaults f = eic.latchedHeaterFaults();
        assertEquals(1, rec.frames.size(), "all 8 flag words in one burst");
        assertArrayEquals(bytes(0xC0, 0x00, 0x10), Arrays.copyOf(rec.frames.get(0), 3));
        assertEquals(HEADER_BYTES + 16, rec.frames.get(0).length);
        assertTrue(f.isOpen(2));
        assertFalse(f.isShorted(2));
        assertTrue(f.isShorted(40));
        assertFalse(f.isOpen(40));
        assertEquals(1L << 2, f.open());
        assertEquals(1L << 40, f.shorted());

        assertEquals(HeaterFaults.NONE, eic.latchedHeaterFaults(), "cleared by the read");
        assertFalse(eic.status().heaterFault());
    }

    @Test
    void persistingFaultLatchesAgainAfterEachRead() {
        sim.injectHeaterFault(63, EicSim.HeaterFault.OPEN);
        eic.writeHeaterCode(63, 1);
        assertTrue(eic.latchedHeaterFaults().isOpen(63));
        assertTrue(eic.latchedHeaterFaults().isOpen(63));
        eic.writeHeaterCode(63, 0);
        eic.latchedHeaterFaults(); // flags from before the code went to 0
        assertFalse(eic.latchedHeaterFaults().any());
    }

    @Test
    void dieTemperatureAndThermalAlarm() {
        dieC = 45.3;
        assertEquals(45.3, eic.readDieTemperatureC(), DIE_TEMP_LSB_C / 2);
        dieC = -10.5;
        assertEquals(-10.5, eic.readDieTemperatureC());
        assertFalse(eic.status().thermalAlarm());
        dieC = 40.5;
        eic.setThermalLimitC(40.0);
        assertEquals(40 * 128, eic.readRegister(THERMAL_LIMIT));
        EicStatus s = eic.status();
        assertTrue(s.thermalAlarm());
        assertTrue(s.powerGood());
        dieC = 39.0;
        assertFalse(eic.status().thermalAlarm());
        sim.setPowerGood(false);
        assertFalse(eic.status().powerGood());
    }

    @Test
    void modulatorSwingAndBias() {
        eic.setModulatorSwing(7, 0x4000);
        eic.setModulatorBias(7, 0x2000);
        assertEquals(0x4000, sim.modulatorSwing(7));
        assertEquals(0x2000, sim.modulatorBias(7));
        assertEquals(0x4000, eic.modulatorSwing(7));
        assertEquals(0x2000, eic.modulatorBias(7));
        int[] c = ramp(1);
        eic.writeModulatorSwings(c, 0, 64);
        eic.writeModulatorBiases(c, 32, 32);
        assertEquals(c[63], sim.modulatorSwing(63));
        assertEquals(c[40], sim.modulatorBias(40));
        assertEquals(0x2000, sim.modulatorBias(7));
        assertTrue(heaterEvents.isEmpty());
    }

    @Test
    void unmappedAndReadOnlyAccessesFlagFrameErrorUntilStatusRead() {
        assertEquals(0, eic.readRegister(0x0900));
        EicStatus s = eic.status();
        assertTrue(s.frameError());
        assertFalse(eic.status().frameError(), "cleared by reading STATUS");

        eic.writeRegister(MONITOR + 1, 5);
        assertTrue(eic.status().frameError());
        eic.writeRegister(ID, 5);
        assertTrue(eic.status().frameError());
        assertEquals(ID_VALUE, eic.id());

        byte[] rx = new byte[5];
        spi.transfer(bytes(0x01, 0x00, 0x07, 0x55, 0x55), rx, 5); // reserved command bit
        assertEquals(0, sim.scratch(), "refused frame writes nothing");
        assertTrue(eic.status().frameError());

        EicSim small = new EicSim(16, (r, c) -> { }, r -> 0, () -> 25.0);
        Eic e16 = new Eic(new SimSpiDevice("spi1.2", HZ, clock, small));
        assertEquals(16, e16.rings());
        e16.writeHeaterCodes(ramp(1), 12, 8); // rings 16..19 do not exist
        assertEquals(ramp(1)[15], small.heaterCode(15));
        assertTrue(e16.status().frameError());
    }

    @Test
    void nonIncrementingFrameRepeatsTheSameRegister() {
        byte[] rx = new byte[7];
        spi.transfer(bytes(0x00, 0x00, 0x07, 0x11, 0x11, 0x22, 0x22), rx, 7);
        assertEquals(0x2222, sim.scratch());
        assertEquals(0, sim.heaterCode(0));
        spi.transfer(bytes(0x80, 0x00, 0x07, 0, 0, 0, 0), rx, 7);
        assertArrayEquals(bytes(0x22, 0x22, 0x22, 0x22), Arrays.copyOfRange(rx, 3, 7));
    }

    @Test
    void resetRestoresRegistersAndZeroesHeaters() {
        eic.writeHeaterCode(9, 1234);
        eic.setHeaterMaxCode(9, 5000);
        eic.writeScratch(0xBEEF);
        eic.sampleMonitors();
        heaterEvents.clear();
        eic.reset();
        assertEquals(List.of("9=0"), heaterEvents);
        assertEquals(0xFFFF, eic.heaterMaxCode(9));
        assertEquals(0, eic.readScratch());
        assertEquals(0, eic.sampleCount());
        assertFalse(eic.status().monitorsValid());
        assertEquals(THERMAL_LIMIT_RESET, eic.readRegister(THERMAL_LIMIT));
    }

    @Test
    void missingOrGarbledChipIsATypedError() {
        Eic absent = new Eic(new RecordingSpi(null)); // MISO reads all zeros
        DeviceNotPresentException e = assertThrows(DeviceNotPresentException.class, absent::id);
        assertEquals("rec", e.bus());
        SpiDevice garbled = new SpiDevice() {
            public String name() {
                return "spi9.9";
            }

            public int clockHz() {
                return HZ;
            }

            public void transfer(byte[] tx, byte[] rx, int length) {
                Arrays.fill(rx, 0, length, (byte) 0x5A);
            }
        };
        BusException b = assertThrows(BusException.class, () -> new Eic(garbled).readRegister(SCRATCH));
        assertFalse(b instanceof DeviceNotPresentException);
        assertEquals(SCRATCH, b.register());
        assertTrue(b.getMessage().contains("spi9.9"));
    }

    @Test
    void conversions() {
        assertEquals(-1.0, Eic.dieTempCFor(0xFF80));
        assertEquals(25.0, Eic.dieTempCFor(0x0C80));
        assertEquals(0x0C80, Eic.dieTempRawFor(25.0));
        assertEquals(0x0C80, EicSim.quantiseDieTemp(25.0));
        assertEquals(0x7FFF, EicSim.quantiseDieTemp(1000));
        // code proportional to voltage: a quarter of full-scale power is half the code
        assertEquals(32768, Eic.heaterCodeForPower(0.025 / 4, 0.025));
        assertEquals(0xFFFF, Eic.heaterCodeForPower(0.025, 0.025));
        assertEquals(0.025, Eic.heaterPowerFor(0xFFFF, 0.025), 1e-15);
        assertEquals(0.025 / 4, Eic.heaterPowerFor(32768, 0.025), 1e-6);
        assertEquals(ASSUMED_HEATER_FULL_SCALE_V * ASSUMED_HEATER_FULL_SCALE_V / ASSUMED_HEATER_OHMS, 0.025, 1e-15);
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyFrame() {
        int[] codes = new int[MAX_RINGS];
        assertThrows(IllegalArgumentException.class, () -> eic.writeHeaterCodes(codes, 60, 5));
        assertThrows(IllegalArgumentException.class, () -> eic.writeHeaterCodes(codes, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> eic.writeHeaterCodes(new int[10], 5, 6));
        assertThrows(IllegalArgumentException.class, () -> eic.writeHeaterCodes(null, 0, 1));
        codes[33] = 0x10000;
        assertThrows(IllegalArgumentException.class, () -> eic.writeHeaterCodes(codes, 0, 64));
        codes[33] = -1;
        assertThrows(IllegalArgumentException.class, () -> eic.writeHeaterCodes(codes, 30, 4));
        assertThrows(IllegalArgumentException.class, () -> eic.writeHeaterCode(64, 0));
        assertThrows(IllegalArgumentException.class, () -> eic.setHeaterMaxCode(0, 0x10000));
        assertThrows(IllegalArgumentException.class, () -> eic.readMonitors(null, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> eic.readMonitors(new int[64], 0, 65));
        assertThrows(IllegalArgumentException.class, () -> eic.setThermalLimitC(300.0));
        assertThrows(IllegalArgumentException.class, () -> eic.setThermalLimitC(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> eic.writeRegister(0x10000, 0));
        assertThrows(IllegalArgumentException.class, () -> eic.readRegisters(0, new int[100], 0, 65));
        assertThrows(IllegalArgumentException.class, () -> Eic.heaterCodeForPower(0.03, 0.025));
        assertThrows(IllegalArgumentException.class, () -> new EicSim(65, (r, c) -> { }, r -> 0, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new EicSim(0, (r, c) -> { }, r -> 0, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> sim.injectHeaterFault(64, EicSim.HeaterFault.OPEN));
        assertTrue(rec.frames.isEmpty());
        eic.writeHeaterCodes(codes, 0, 0);
        assertTrue(rec.frames.isEmpty(), "an empty burst sends nothing");
    }

    @Test
    void steadyStateHeaterAndMonitorPathAllocatesNothing() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) mx;
        Assumptions.assumeTrue(tmx.isThreadAllocatedMemorySupported() && tmx.isThreadAllocatedMemoryEnabled());
        EicSim quiet = new EicSim(64, (r, c) -> { }, r -> r, () -> 30.0);
        Eic fast = new Eic(new SimSpiDevice("spi1.3", HZ, clock, quiet));
        int[] codes = ramp(3);
        int[] out = new int[MAX_RINGS];
        for (int i = 0; i < 20_000; i++) {
            codes[i & 63] = i & 0xFFFF;
            fast.writeHeaterCodes(codes, 0, 64);
            fast.sampleMonitors();
            fast.readMonitors(out, 0, 64);
        }
        long tid = Thread.currentThread().getId();
        long before = tmx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 1_000; i++) {
            codes[i & 63] = i;
            fast.writeHeaterCodes(codes, 0, 64);
            fast.sampleMonitors();
            fast.readMonitors(out, 0, 64);
        }
        long allocated = tmx.getThreadAllocatedBytes(tid) - before;
        // one object per call would be at least 3 x 1000 x 16 bytes
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes in 3000 calls");
    }
}
