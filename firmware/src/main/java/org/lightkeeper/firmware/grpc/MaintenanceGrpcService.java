package org.lightkeeper.firmware.grpc;

import io.grpc.stub.StreamObserver;
import org.lightkeeper.api.v1.GetVersionRequest;
import org.lightkeeper.api.v1.MaintenanceServiceGrpc;
import org.lightkeeper.api.v1.VersionInfo;
import org.lightkeeper.firmware.Firmware;

/** {@code lightkeeper.v1.MaintenanceService}: version (the rest of maintenance is still to come). */
final class MaintenanceGrpcService extends MaintenanceServiceGrpc.MaintenanceServiceImplBase {
    static final int API_VERSION = 1;
    private final Firmware firmware;
    private final String version;

    MaintenanceGrpcService(Firmware firmware, String version) {
        this.firmware = firmware;
        this.version = version;
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
