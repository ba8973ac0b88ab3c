package org.lightkeeper.firmware.grpc;

import io.grpc.stub.StreamObserver;
import org.lightkeeper.api.v1.GetVersionRequest;
import org.lightkeeper.api.v1.MaintenanceServiceGrpc;
import org.lightkeeper.api.v1.VersionInfo;
import org.lightkeeper.firmware.Firmware;

/** {@code lightkeeper.v1.MaintenanceService}: version, configuration get and restore. */
final class MaintenanceGrpcService extends MaintenanceServiceGrpc.MaintenanceServiceImplBase {
    static final int API_VERSION = 1;
    private final Firmware firmware;
    private final String version;
    private final ConfigRestore config;

    MaintenanceGrpcService(Firmware firmware, String version, org.lightkeeper.firmware.alarm.AlarmTable alarms) {
        this.firmware = firmware;
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
    public void getVersion(GetVersionRequest request, StreamObserver<VersionInfo> response) {
        response.onNext(VersionInfo.newBuilder()
                .setFirmwareVersion(version)
                .setApiVersion(API_VERSION)
                .setBoardName(firmware.spec().name())
                .setBackend(ProtoMapper.backend(firmware.backend()))
                .setUptimeNs(firmware.snapshot().sampledAtNs())
                .build());
        response.onCompleted();
    }
}
