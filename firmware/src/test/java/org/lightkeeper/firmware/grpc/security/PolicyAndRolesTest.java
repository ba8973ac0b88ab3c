package org.lightkeeper.firmware.grpc.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The method table, the roles file and the token bucket, without a server. */
class PolicyAndRolesTest {
    @Test
    void methodTableGivesEachMethodItsRoleAndUnknownMethodsAdmin() {
        assertEquals(Role.VIEWER, MethodPolicy.required("lightkeeper.v1.StateService/GetState"));
        assertEquals(Role.VIEWER, MethodPolicy.required("lightkeeper.v1.InventoryService/GetInventory"));
        assertEquals(Role.VIEWER, MethodPolicy.required("lightkeeper.v1.AlarmService/ListAlarms"));
        assertEquals(Role.VIEWER, MethodPolicy.required("lightkeeper.v1.TelemetryService/Subscribe"));
        assertEquals(Role.VIEWER, MethodPolicy.required("lightkeeper.v1.RingService/StreamSweep"));
        assertEquals(Role.VIEWER, MethodPolicy.required("grpc.health.v1.Health/Watch"));
        assertEquals(Role.VIEWER, MethodPolicy.required("grpc.reflection.v1.ServerReflection/ServerReflectionInfo"));
        assertEquals(Role.OPERATOR, MethodPolicy.required("lightkeeper.v1.LaserService/SetLaneEnabled"));
        assertEquals(Role.OPERATOR, MethodPolicy.required("lightkeeper.v1.RingService/Relock"));
        assertEquals(Role.OPERATOR, MethodPolicy.required("lightkeeper.v1.MaintenanceService/WarmRestart"));
        assertEquals(Role.OPERATOR, MethodPolicy.required("lightkeeper.v1.AlarmService/AcknowledgeAlarms"));
        assertEquals(Role.ADMIN, MethodPolicy.required("lightkeeper.v1.MaintenanceService/WriteRegister"));
        assertEquals(Role.ADMIN, MethodPolicy.required("lightkeeper.v1.MaintenanceService/RestoreConfiguration"));
        assertEquals(Role.ADMIN, MethodPolicy.required("lightkeeper.v1.MaintenanceService/ReadRegister"));
        assertEquals(Role.ADMIN, MethodPolicy.required("lightkeeper.v1.Anything/Frobnicate"));
        assertFalse(MethodPolicy.isWrite("lightkeeper.v1.StateService/GetState"));
        assertTrue(MethodPolicy.isWrite("lightkeeper.v1.Anything/Frobnicate"));
    }

    @Test
    void rolesFileMapsCnsAndNamesTheLineOfAnError() {
        RoleMap m = RoleMap.parse("roles", List.of("# comment", "", "viewer1=viewer", " alice smith = Operator ",
                "a=b=admin"));
        assertEquals(Role.VIEWER, m.roleOf("viewer1").orElseThrow());
        assertEquals(Role.OPERATOR, m.roleOf("alice smith").orElseThrow());
        assertEquals(Role.ADMIN, m.roleOf("a=b").orElseThrow());
        assertTrue(m.roleOf("stranger").isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RoleMap.parse("roles.txt", List.of("x=viewer", "y=root")));
        assertEquals("roles.txt:2: unknown role 'root' (viewer, operator or admin)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RoleMap.parse("r", List.of("x=viewer", "x=admin")));
        assertEquals("r:2: CN 'x' listed twice", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RoleMap.parse("r", List.of("justaname")));
        assertEquals("r:1: expected CN=role, got 'justaname'", e.getMessage());
    }

    @Test
    void tokenBucketRefillsAtItsRateUpToItsBurstPerPrincipal() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        WriteRateLimiter l = new WriteRateLimiter(20, 40, now::get);
        for (int i = 0; i < 40; i++) {
            assertTrue(l.tryAcquire("a"), "write " + i);
        }
        assertFalse(l.tryAcquire("a"));
        assertTrue(l.tryAcquire("b"), "another principal has its own bucket");
        now.addAndGet(49_000_000);
        assertFalse(l.tryAcquire("a"), "0.98 of a token after 49 ms");
        now.addAndGet(1_000_000);
        assertTrue(l.tryAcquire("a"), "one token after 50 ms at 20/s");
        assertFalse(l.tryAcquire("a"));
        now.addAndGet(3_600_000_000_000L);
        for (int i = 0; i < 40; i++) {
            assertTrue(l.tryAcquire("a"));
        }
        assertFalse(l.tryAcquire("a"), "an idle hour banks no more than the burst");
    }
}
