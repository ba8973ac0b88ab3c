package org.lightkeeper.firmware.simserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightkeeper.hal.board.BoardDrivers;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.remote.BusServer;
import org.lightkeeper.hal.bus.remote.RemoteBusProvider;
import org.lightkeeper.hal.chip.Ads8688;
import org.lightkeeper.hal.chip.Ltc2668;
import org.lightkeeper.hal.chip.Pca9555;
import org.lightkeeper.hal.chip.Tmp117;
import org.lightkeeper.hal.chip.cmis.CmisModule;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;
import org.lightkeeper.sim.chip.Ltc2668Sim;

/**
 * The real drivers give the same answers over RemoteBusProvider -> BusServer -> SimBoard as straight
 * on an identical SimBoard: the same transactions, byte for byte, in the same virtual time (neither
 * side is paced, so both boards see exactly the wire time of each transaction).
 */
class DriversOverRemoteBusTest {
    private static final long SEED = 7;

    private BoardSpec spec;
    private SimBoard direct;
    private SimBoard served;
    private BusServer server;
    private RemoteBusProvider remote;

    @BeforeEach
    void start() throws IOException {
        spec = BoardFile.load("devkit");
        direct = SimBoard.build(spec, new VirtualClock(), SEED);
        served = SimBoard.build(spec, new VirtualClock(), SEED);
        server = BusServer.start(served, served.clock(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        remote = RemoteBusProvider.connect(server.address(), served.clock());
    }

    @AfterEach
    void stop() {
        remote.close();
        server.close();
    }

    /** Every reading the drivers take, in order, on one board. */
    private static List<Object> exercise(BoardDrivers d) {
        List<Object> seen = new ArrayList<>();
        Tmp117 temp = d.get("board_temp", Tmp117.class);
        seen.add(temp.readTemperatureC());
        seen.add(temp.readConfiguration());
        Pca9555 sideband = d.get("els_sideband", Pca9555.class);
        sideband.writeOutputs(0x00F0);
        seen.add(sideband.readInputs());
        seen.add(sideband.readOutputs());
        seen.add(sideband.readConfiguration());
        CmisModule els = d.get("els0", CmisModule.class);
        seen.add(els.identifier());
        seen.add(els.moduleState());
        seen.add(els.vendorName());
        seen.add(els.vendorSerialNumber());
        seen.add(els.temperatureC());
        Ltc2668 dac = d.get("heater_dac", Ltc2668.class);
        dac.writeAndUpdate(3, 0x4000);
        dac.writeCodes(new int[] {0x1000, 0x2000, 0x3000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0x7);
        Ads8688 adc = d.get("monitor_adc0", Ads8688.class);
        for (int ch = 0; ch < 4; ch++) {
            seen.add(adc.readManual(ch));
        }
        seen.add(adc.readRegister(0x05));
        return seen;
    }

    @Test
    void driversReadTheSameThroughTheBusServerAsOnTheBoard() {
        // Past the ELS module's management init, so no read is NAKed (a retry would park on a still clock).
        direct.clock().advance(2_000_000_000L);
        served.clock().advance(2_000_000_000L);
        List<Object> onBoard = exercise(new BoardDrivers(spec, direct, direct.clock()));
        List<Object> overTheWire = exercise(new BoardDrivers(spec, remote, served.clock()));
        assertEquals(onBoard, overTheWire);
        Ltc2668Sim a = (Ltc2668Sim) direct.emulator("heater_dac");
        Ltc2668Sim b = (Ltc2668Sim) served.emulator("heater_dac");
        for (int ch = 0; ch < 4; ch++) {
            assertEquals(a.inputCode(ch), b.inputCode(ch), "DAC channel " + ch);
        }
        assertEquals(0x4000, b.inputCode(3));
        assertEquals(direct.clock().nanos(), served.clock().nanos(), "same wire time charged");
    }

    @Test
    void aVanishedDeviceIsTheSameTypedErrorOverTheWire() {
        ((org.lightkeeper.sim.bus.SimI2cBus) served.i2c("i2c-1", 400_000)).faults().vanish(0x48);
        Tmp117 temp = new BoardDrivers(spec, remote, served.clock()).get("board_temp", Tmp117.class);
        DeviceNotPresentException e = assertThrows(DeviceNotPresentException.class, temp::readTemperatureC);
        assertEquals("i2c-1", e.bus());
        assertEquals(0x48, e.address());
    }
}
