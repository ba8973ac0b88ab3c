package org.lightkeeper.firmware.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lightkeeper.firmware.grpc.Rig.MS;
import static org.lightkeeper.firmware.grpc.Rig.S;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightkeeper.api.v1.AcknowledgeAlarmsRequest;
import org.lightkeeper.api.v1.Acknowledgement;
import org.lightkeeper.api.v1.AlarmFlag;
import org.lightkeeper.api.v1.AlarmList;
import org.lightkeeper.api.v1.AlarmServiceGrpc;
import org.lightkeeper.api.v1.GetStateRequest;
import org.lightkeeper.api.v1.ListAlarmsRequest;
import org.lightkeeper.api.v1.Quantity;
import org.lightkeeper.api.v1.SetThresholdRequest;
import org.lightkeeper.api.v1.StateServiceGrpc;
import org.lightkeeper.api.v1.Threshold;
import org.lightkeeper.firmware.grpc.security.AuditLog;
import org.lightkeeper.firmware.grpc.security.Role;
import org.lightkeeper.firmware.grpc.security.RoleMap;
import org.lightkeeper.firmware.grpc.security.TestPki;

/**
 * AcknowledgeAlarms under mutual TLS: a viewer is refused and changes nothing, an operator's
 * acknowledgement carries its certificate CN, and both are in the audit log.
 */
class AlarmAcknowledgeRolesTest {
    private static final String METHOD = "lightkeeper.v1.AlarmService/AcknowledgeAlarms";

    @Test
    void aViewerIsRefusedAnOperatorAcknowledgesAndBothAreAudited(@TempDir Path dir) throws Exception {
        TestPki pki = new TestPki(dir);
        RoleMap roles = new RoleMap(Map.of("viewer1", Role.VIEWER, "operator1", Role.OPERATOR));
        try (Rig rig = new Rig(pki.tlsServer().mutualTls(pki.caCert, roles).build())) {
            ManagedChannel viewer = pki.channel(rig.server.port(), pki.client("viewer1"));
            ManagedChannel operator = pki.channel(rig.server.port(), pki.client("operator1"));
            try {
                rig.run(1 * S);
                double boardC = StateServiceGrpc.newBlockingStub(viewer).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .getState(GetStateRequest.getDefaultInstance()).getBoardTemperatureC();
                // A high warning below the board temperature: it sets and stands.
                AlarmServiceGrpc.newBlockingStub(operator).withDeadlineAfter(10, TimeUnit.SECONDS).setThreshold(
                        SetThresholdRequest.newBuilder().setThreshold(Threshold.newBuilder()
                                .setQuantity(Quantity.QUANTITY_BOARD_TEMPERATURE).setHighAlarm(boardC + 10)
                                .setHighWarning(boardC - 1).setHysteresis(0.5)).build());
                rig.run(300 * MS);
                AlarmList before = list(viewer);
                assertEquals(1, before.getFlagsCount(), before.toString());

                AcknowledgeAlarmsRequest all = AcknowledgeAlarmsRequest.newBuilder().setAll(true).build();
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> rig.await(
                        AlarmServiceGrpc.newFutureStub(viewer).acknowledgeAlarms(all)));
                assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
                assertEquals(METHOD + " needs role operator; caller 'viewer1' has role viewer",
                        e.getStatus().getDescription());
                rig.run(300 * MS);
                assertEquals(before, list(viewer), "a refused acknowledgement changes nothing");

                Acknowledgement a = rig.await(AlarmServiceGrpc.newFutureStub(operator).acknowledgeAlarms(all));
                assertEquals("operator1", a.getAcknowledgedBy());
                AlarmFlag f = list(viewer).getFlags(0);
                assertTrue(f.getActive() && f.getAcknowledged());
                assertEquals("operator1", f.getAcknowledgedBy());

                List<AuditLog.Entry> audit = rig.server.auditLog().recent().stream()
                        .filter(x -> x.method().equals(METHOD)).toList();
                assertEquals(2, audit.size(), audit.toString());
                assertEquals("viewer1", audit.get(0).principal());
                assertEquals("PERMISSION_DENIED", audit.get(0).status());
                AuditLog.Entry ok = audit.get(1);
                assertEquals("operator1", ok.principal());
                assertEquals("operator", ok.role());
                assertEquals("OK", ok.status());
                assertEquals("all: true", ok.request());
                assertTrue(ok.line().startsWith("who=operator1 role=operator method=" + METHOD + " status=OK fw_ns="
                        + a.getAcknowledgedAtNs()), ok.line());
            } finally {
                viewer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                operator.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private static AlarmList list(ManagedChannel ch) {
        return AlarmServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                .listAlarms(ListAlarmsRequest.getDefaultInstance());
    }
}
