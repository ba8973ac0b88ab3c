package org.lightkeeper.firmware.grpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.lightkeeper.api.v1.BusLog;
import org.lightkeeper.api.v1.BusTransaction;
import org.lightkeeper.api.v1.BusTransactionKind;
import org.lightkeeper.api.v1.GetBusLogRequest;
import org.lightkeeper.api.v1.ReadRegisterRequest;
import org.lightkeeper.api.v1.RegisterValue;
import org.lightkeeper.api.v1.WriteRegisterRequest;
import org.lightkeeper.api.v1.GetVersionRequest;
import org.lightkeeper.api.v1.MaintenanceServiceGrpc;
import org.lightkeeper.api.v1.VersionInfo;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.hal.board.BoardDrivers;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.bus.BusLock;
import org.lightkeeper.hal.bus.TransactionLog;

/**
 * {@code lightkeeper.v1.MaintenanceService}: version, configuration get and restore, raw register
 * access to I2C chips (checked by {@link RegisterMaps} before any bus traffic, run on the control
 * thread) and the per-bus transaction logs.
 */
final class MaintenanceGrpcService extends MaintenanceServiceGrpc.MaintenanceServiceImplBase {
    static final int API_VERSION = 1;
    private final Firmware firmware;
    private final String version;
    private final ConfigRestore config;
    private final java.util.function.Supplier<org.lightkeeper.firmware.WarmRestart> restart;

    MaintenanceGrpcService(Firmware firmware, String version, org.lightkeeper.firmware.alarm.AlarmTable alarms,
                           java.util.function.Supplier<org.lightkeeper.firmware.WarmRestart> restart) {
        this.firmware = firmware;
        this.restart = restart;
        this.version = version;
        this.config = new ConfigRestore(firmware, alarms);
    }

    @Override
    public void getConfig(org.lightkeeper.api.v1.GetConfigRequest request,
                          StreamObserver<org.lightkeeper.api.v1.ManagementConfig> response) {
        response.onNext(config.current());
        response.onCompleted();
    }

    @Override
    public void restoreConfig(org.lightkeeper.api.v1.ManagementConfig request,
                              StreamObserver<org.lightkeeper.api.v1.ManagementConfig> response) {
        java.util.concurrent.CompletableFuture<org.lightkeeper.api.v1.ManagementConfig> done;
        try {
            done = config.restore(request);
        } catch (RuntimeException e) {
            response.onError(Statuses.toStatus(e));
            return;
        }
        Statuses.reply(done, response);
    }

    @Override
    public void readRegister(ReadRegisterRequest req, StreamObserver<RegisterValue> response) {
        BoardDrivers.I2cTarget t;
        RegisterMaps.Access a;
        try {
            t = target(req.getDevice());
            a = RegisterMaps.read(t.chip(), req.getRegister(), req.getLength(), req.hasPage() ? req.getPage() : null);
        } catch (RuntimeException e) {
            response.onError(Statuses.toStatus(e));
            return;
        }
        Statuses.reply(firmware.execute(() -> {
            byte[] in = new byte[a.length()];
            access(t, a, () -> {
                if (a.pointerless()) {
                    t.bus().read(t.address(), in, 0, in.length);
                } else {
                    t.bus().readRegister(t.address(), a.register(), in, 0, in.length);
                }
            });
            return RegisterValue.newBuilder().setData(ByteString.copyFrom(in)).build();
        }), response);
    }

    @Override
    public void writeRegister(WriteRegisterRequest req, StreamObserver<RegisterValue> response) {
        BoardDrivers.I2cTarget t;
        RegisterMaps.Access a;
        byte[] data = req.getData().toByteArray();
        try {
            t = target(req.getDevice());
            a = RegisterMaps.write(t.chip(), req.getRegister(), data, req.hasPage() ? req.getPage() : null);
        } catch (RuntimeException e) {
            response.onError(Statuses.toStatus(e));
            return;
        }
        Statuses.reply(firmware.execute(() -> {
            access(t, a, () -> {
                if (a.pointerless()) {
                    t.bus().write(t.address(), data, 0, data.length);
                } else {
                    t.bus().writeRegister(t.address(), a.register(), data, 0, data.length);
                }
            });
            return RegisterValue.newBuilder().setData(req.getData()).build();
        }), response);
    }

    /**
     * Runs one raw access holding the bus lock, selecting the CMIS page first when there is one, and
     * makes the drivers forget what it may have changed under them (page selection, mux selection).
     */
    private static void access(BoardDrivers.I2cTarget t, RegisterMaps.Access a, Runnable body) {
        BusLock lock = t.bus().lock();
        lock.acquire(t.address(), a.register());
        try {
            if (a.page() >= 0) {
                byte[] select = RegisterMaps.pageSelect(a.page());
                t.bus().write(t.address(), select, 0, select.length);
            }
            body.run();
        } finally {
            t.forgetCachedState().run();
            lock.release();
        }
    }

    /** The I2C chip named {@code device}; NOT_FOUND or FAILED_PRECONDITION (SPI) otherwise. Any thread. */
    private BoardDrivers.I2cTarget target(String device) {
        BoardDrivers.I2cTarget t = firmware.drivers().i2cTarget(device);
        if (t != null) {
            return t;
        }
        for (BoardSpec.SpiBusSpec b : firmware.spec().spiBuses()) {
            for (BoardSpec.SpiDeviceSpec d : b.devices()) {
                if (d.name().equals(device)) {
                    throw Statuses.precondition("device", "register access over SPI is not supported for "
                            + d.chip().yamlName() + " ('" + device + "' on " + b.bus() + "); only I2C chips");
                }
            }
        }
        List<String> names = new ArrayList<>();
        firmware.spec().i2cBuses().forEach(b -> b.devices().forEach(d -> names.add(d.name())));
        throw Statuses.notFound("device", "no I2C device '" + device + "' on this board (I2C devices: "
                + String.join(", ", names) + ")");
    }

    @Override
    public void getBusLog(GetBusLogRequest req, StreamObserver<BusLog> response) {
        TransactionLog log = firmware.drivers().logs().get(req.getBus());
        if (log == null) {
            response.onError(Statuses.notFound("bus", "no bus '" + req.getBus() + "' on this board (buses: "
                    + String.join(", ", firmware.drivers().logs().keySet()) + ")"));
            return;
        }
        List<TransactionLog.Entry> entries = log.snapshot();
        int max = req.getMaxEntries();
        int from = max <= 0 || max >= entries.size() ? 0 : entries.size() - max;
        BusLog.Builder b = BusLog.newBuilder().setBus(req.getBus()).setCapacity(log.capacity())
                .setRecorded(log.recorded());
        for (TransactionLog.Entry e : entries.subList(from, entries.size())) {
            BusTransaction.Builder t = BusTransaction.newBuilder().setSequence(e.sequence()).setTimeNs(e.timeNanos())
                    .setAddress(e.address()).setKind(kind(e.kind())).setOut(ByteString.copyFrom(e.out()))
                    .setOutLength(e.outLength()).setIn(ByteString.copyFrom(e.in())).setInLength(e.inLength())
                    .setWireNs(e.wireNanos());
            if (!e.ok()) {
                t.setError(e.error()).setErrorMessage(String.valueOf(e.message()));
            }
            b.addTransactions(t);
        }
        response.onNext(b.build());
        response.onCompleted();
    }

    private static BusTransactionKind kind(TransactionLog.Kind k) {
        return switch (k) {
            case WRITE -> BusTransactionKind.BUS_TRANSACTION_KIND_WRITE;
            case READ -> BusTransactionKind.BUS_TRANSACTION_KIND_READ;
            case WRITE_READ -> BusTransactionKind.BUS_TRANSACTION_KIND_WRITE_READ;
            case SPI -> BusTransactionKind.BUS_TRANSACTION_KIND_SPI;
        };
    }

    @Override
    public void getVersion(GetVersionRequest request, StreamObserver<VersionInfo> response) {
        response.onNext(VersionInfo.newBuilder()
                .setFirmwareVersion(version)
                .setApiVersion(API_VERSION)
                .setBoardName(firmware.spec().name())
                .setBackend(ProtoMapper.backend(firmware.backend()))
                .setUptimeNs(firmware.snapshot().sampledAtNs())
                .setWarmRestarts(restart.get() == null ? 0 : restart.get().count())
                .build());
        response.onCompleted();
    }

    @Override
    public void warmRestart(org.lightkeeper.api.v1.WarmRestartRequest request,
                            StreamObserver<org.lightkeeper.api.v1.WarmRestartReply> response) {
        org.lightkeeper.firmware.WarmRestart r = restart.get();
        int before = r == null ? 0 : r.count();
        String refused = r == null ? "warm restart is not available in this process (embedded server)" : r.request();
        if (refused != null) {
            response.onError(Statuses.precondition("restart", refused));
            return;
        }
        response.onNext(org.lightkeeper.api.v1.WarmRestartReply.newBuilder()
                .setAcceptedAtNs(firmware.clock().nanos()).setPreviousWarmRestarts(before).build());
        response.onCompleted();
    }
}
