package org.lightkeeper.firmware.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lightkeeper.firmware.grpc.Rig.MS;
import static org.lightkeeper.firmware.grpc.Rig.S;
import static org.lightkeeper.firmware.grpc.Rig.refused;

import com.google.protobuf.ByteString;
import io.grpc.Status.Code;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lightkeeper.api.v1.BusLog;
import org.lightkeeper.api.v1.BusTransaction;
import org.lightkeeper.api.v1.BusTransactionKind;
import org.lightkeeper.api.v1.GetBusLogRequest;
import org.lightkeeper.api.v1.GetInventoryRequest;
import org.lightkeeper.api.v1.InventoryServiceGrpc;
import org.lightkeeper.api.v1.MaintenanceServiceGrpc;
import org.lightkeeper.api.v1.ReadRegisterRequest;
import org.lightkeeper.api.v1.WriteRegisterRequest;
import org.lightkeeper.hal.chip.Pca9555;
import org.lightkeeper.hal.chip.Tmp117;
import org.lightkeeper.hal.chip.cmis.ElsfpMap;
import org.lightkeeper.sim.chip.Pca9555Sim;

/** MaintenanceService ReadRegister / WriteRegister / GetBusLog over loopback gRPC on the simulated devkit. */
class RegisterServiceTest {
    private Rig rig;
    private MaintenanceServiceGrpc.MaintenanceServiceFutureStub maintenance;
    private MaintenanceServiceGrpc.MaintenanceServiceBlockingStub blocking;

    @BeforeEach
    void boot() throws Exception {
        rig = new Rig();
        maintenance = MaintenanceServiceGrpc.newFutureStub(rig.channel);
        blocking = MaintenanceServiceGrpc.newBlockingStub(rig.channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        rig.run(2 * S);
    }

    @AfterEach
    void shutdown() throws Exception {
        rig.close();
    }

    private byte[] read(String device, int register, int length) {
        return rig.await(maintenance.readRegister(ReadRegisterRequest.newBuilder().setDevice(device)
                .setRegister(register).setLength(length).build())).getData().toByteArray();
    }

    private long recorded(String bus) {
        return rig.firmware.drivers().logs().get(bus).recorded();
    }

    @Test
    void readsTheTmp117DeviceIdAndTheCmisIdentifier() {
        byte[] id = read("board_temp", Tmp117.DEVICE_ID, 0);
        assertArrayEquals(new byte[] {0x01, 0x17}, id);
        byte[] ident = read("els0", ElsfpMap.IDENTIFIER.offset(), 1);
        assertArrayEquals(new byte[] {(byte) ElsfpMap.IDENTIFIER_ELSFP}, ident);
        // An upper-page read (page 00h vendor name) matches the inventory, and the ELS loop keeps its
        // own page selection afterwards (the driver's page cache is forgotten).
        byte[] vendor = rig.await(maintenance.readRegister(ReadRegisterRequest.newBuilder().setDevice("els0")
                .setRegister(ElsfpMap.VENDOR_NAME.offset()).setLength(ElsfpMap.VENDOR_NAME.size())
                .setPage(ElsfpMap.PAGE_00).build())).getData().toByteArray();
        String name = InventoryServiceGrpc.newBlockingStub(rig.channel).getInventory(GetInventoryRequest
                .getDefaultInstance()).getElsSlots(0).getIdentity().getVendorName();
        assertEquals(name, new String(vendor, StandardCharsets.US_ASCII).trim());
        rig.run(200 * MS);
        assertTrue(rig.state().getElsSlots(0).getLanes(0).getPowerMw() > 0, "ELS loop still reads its monitors");
        // The mux control byte reads bare: channel 0 (els0) selected.
        assertArrayEquals(new byte[] {0x01}, read("mux0", 0, 0));
    }

    @Test
    void writesAPca9555PolarityRegisterAndTheChipChanges() {
        Pca9555Sim sim = (Pca9555Sim) rig.sim.emulator("els_sideband");
        int reg = Pca9555.POLARITY_INVERSION_1; // port 1: pins 8-15, unused by the ELS sideband
        assertEquals(0, sim.register(reg));
        byte[] written = rig.await(maintenance.writeRegister(WriteRegisterRequest.newBuilder()
                .setDevice("els_sideband").setRegister(reg).setData(ByteString.copyFrom(new byte[] {(byte) 0xA5}))
                .build())).getData().toByteArray();
        assertArrayEquals(new byte[] {(byte) 0xA5}, written);
        assertEquals(0xA5, sim.register(reg));
        assertArrayEquals(new byte[] {(byte) 0xA5}, read("els_sideband", reg, 1));
    }

    @Test
    void refusalsNameFieldAndLimitAndMakeNoBusTraffic() {
        long i2c = recorded("i2c-1");
        long spi = recorded("spi0");
        refused(Code.NOT_FOUND, () -> blocking.readRegister(ReadRegisterRequest.newBuilder().setDevice("nope")
                .build()), "device", "nope", "board_temp");
        refused(Code.FAILED_PRECONDITION, () -> blocking.readRegister(ReadRegisterRequest.newBuilder()
                .setDevice("heater_dac").build()), "register access over SPI is not supported for ltc2668");
        refused(Code.INVALID_ARGUMENT, () -> blocking.readRegister(ReadRegisterRequest.newBuilder()
                .setDevice("els_sideband").setRegister(8).build()), "register", "0x00-0x07");
        refused(Code.INVALID_ARGUMENT, () -> blocking.readRegister(ReadRegisterRequest.newBuilder()
                .setDevice("els_sideband").setRegister(5).setLength(2).build()), "length", "register pair");
        refused(Code.INVALID_ARGUMENT, () -> blocking.readRegister(ReadRegisterRequest.newBuilder()
                .setDevice("board_temp").setRegister(0x10).build()), "register", "past the map", "0x00-0x08, 0x0F");
        refused(Code.INVALID_ARGUMENT, () -> blocking.readRegister(ReadRegisterRequest.newBuilder()
                .setDevice("board_temp").setRegister(0x0A).build()), "register", "reserved");
        refused(Code.INVALID_ARGUMENT, () -> blocking.readRegister(ReadRegisterRequest.newBuilder()
                .setDevice("board_temp").setRegister(0).setLength(4).build()), "length", "exactly 2 bytes");
        refused(Code.INVALID_ARGUMENT, () -> blocking.readRegister(ReadRegisterRequest.newBuilder()
                .setDevice("mux0").setRegister(1).build()), "register", "must be 0");
        refused(Code.INVALID_ARGUMENT, () -> blocking.readRegister(ReadRegisterRequest.newBuilder()
                .setDevice("els0").setRegister(120).setLength(16).build()), "length", "at most 8");
        refused(Code.INVALID_ARGUMENT, () -> blocking.readRegister(ReadRegisterRequest.newBuilder()
                .setDevice("els0").setRegister(200).build()), "page", "required");
        refused(Code.INVALID_ARGUMENT, () -> blocking.readRegister(ReadRegisterRequest.newBuilder()
                .setDevice("els0").setRegister(200).setPage(0x11).build()), "page", "1Ah");
        refused(Code.INVALID_ARGUMENT, () -> blocking.readRegister(ReadRegisterRequest.newBuilder()
                .setDevice("els0").setRegister(10).setPage(0).build()), "page", "128-255");
        refused(Code.INVALID_ARGUMENT, () -> blocking.readRegister(ReadRegisterRequest.newBuilder()
                .setDevice("board_temp").setPage(0).build()), "page", "only ELSFP");
        // Read-only registers.
        refused(Code.INVALID_ARGUMENT, () -> blocking.writeRegister(write("els_sideband", Pca9555.INPUT_PORT_1, 0)),
                "register", "read-only");
        refused(Code.INVALID_ARGUMENT, () -> blocking.writeRegister(write("board_temp", Tmp117.DEVICE_ID, 0, 0)),
                "register", "0x0F", "read-only");
        refused(Code.INVALID_ARGUMENT, () -> blocking.writeRegister(write("board_temp", Tmp117.TEMP_RESULT, 0, 0)),
                "read-only");
        refused(Code.INVALID_ARGUMENT, () -> blocking.writeRegister(write("els0", ElsfpMap.IDENTIFIER.offset(), 0x11)),
                "register", "byte 0", "read-only");
        refused(Code.INVALID_ARGUMENT, () -> blocking.writeRegister(write("els0", ElsfpMap.MODULE_STATE.offset(), 0)),
                "byte 3", "read-only");
        refused(Code.INVALID_ARGUMENT, () -> blocking.writeRegister(write("board_temp", Tmp117.CONFIGURATION, 0)),
                "data", "exactly 2 bytes");
        refused(Code.INVALID_ARGUMENT, () -> blocking.writeRegister(write("els_sideband", 2)), "data", "at least one");
        refused(Code.INVALID_ARGUMENT, () -> blocking.writeRegister(WriteRegisterRequest.newBuilder()
                .setDevice("els0").setRegister(ElsfpMap.BIAS_SETPOINT.offset()).setPage(ElsfpMap.PAGE_1B)
                .setData(ByteString.copyFrom(new byte[16])).build()), "data", "at most 8");
        refused(Code.FAILED_PRECONDITION, () -> blocking.writeRegister(write("monitor_adc0", 0, 0)),
                "not supported for ads8688");
        assertEquals(i2c, recorded("i2c-1"), "no I2C traffic for a refused request");
        assertEquals(spi, recorded("spi0"), "no SPI traffic for a refused request");
        refused(Code.NOT_FOUND, () -> blocking.getBusLog(GetBusLogRequest.newBuilder().setBus("i2c-9").build()),
                "bus", "i2c-9", "i2c-1", "spi0");
    }

    private static WriteRegisterRequest write(String device, int register, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return WriteRegisterRequest.newBuilder().setDevice(device).setRegister(register)
                .setData(ByteString.copyFrom(b)).build();
    }

    @Test
    void busLogShowsTheElsLoopTransactions() {
        BusLog log = blocking.getBusLog(GetBusLogRequest.newBuilder().setBus("i2c-1").setMaxEntries(20).build());
        assertEquals("i2c-1", log.getBus());
        assertEquals(20, log.getTransactionsCount());
        assertEquals(256, log.getCapacity());
        assertTrue(log.getRecorded() >= 20);
        assertTrue(log.getTransactionsList().stream().anyMatch(t -> t.getAddress() == ElsfpMap.I2C_ADDRESS
                && t.getKind() == BusTransactionKind.BUS_TRANSACTION_KIND_WRITE_READ && t.getError().isEmpty()),
                "the ELS loop's CMIS reads are there: " + log);
        long prev = -1;
        for (BusTransaction t : log.getTransactionsList()) {
            assertTrue(t.getSequence() > prev, "oldest first");
            prev = t.getSequence();
        }
        assertEquals(log.getRecorded() - 1, prev, "the newest entry is last");
        BusLog spi = blocking.getBusLog(GetBusLogRequest.newBuilder().setBus("spi0").build());
        assertEquals(256, spi.getTransactionsCount());
        assertTrue(spi.getTransactionsList().stream().allMatch(t -> t.getKind()
                == BusTransactionKind.BUS_TRANSACTION_KIND_SPI));
        // A register read shows up as its own transaction.
        read("board_temp", Tmp117.DEVICE_ID, 2);
        BusLog after = blocking.getBusLog(GetBusLogRequest.newBuilder().setBus("i2c-1").build());
        assertTrue(after.getTransactionsList().stream().anyMatch(t -> t.getAddress() == 0x48
                && t.getOut().equals(ByteString.copyFrom(new byte[] {(byte) Tmp117.DEVICE_ID}))
                && t.getIn().equals(ByteString.copyFrom(new byte[] {0x01, 0x17}))), "the DEVICE_ID read is logged");
    }
}
