package org.lightkeeper.firmware.grpc.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightkeeper.api.v1.BoardState;
import org.lightkeeper.api.v1.ElsSlotState;
import org.lightkeeper.api.v1.GetStateRequest;
import org.lightkeeper.api.v1.StateServiceGrpc;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.grpc.ManagementServer;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * The security chain over real gRPC on loopback, with certificates generated at test time: TLS,
 * mutual TLS with each role allowed and refused on a read and on a write, unknown CNs refused,
 * plaintext refused off loopback, the audit log, the message size limit and the write rate limit.
 */
class ManagementSecurityTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static Map<String, TestPki.Client> clients;
    static VirtualClock clock;
    static Firmware firmware;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final FakeWriteServices writes = new FakeWriteServices();

    @BeforeAll
    static void pkiAndBoard() throws Exception {
        pki = new TestPki(dir);
        clients = Map.of("viewer1", pki.client("viewer1"), "operator1", pki.client("operator1"),
                "admin1", pki.client("admin1"), "stranger", pki.client("stranger"));
        clock = new VirtualClock();
        firmware = new Firmware(BoardFile.load("devkit"), SimBoard.build(BoardFile.load("devkit"), clock), clock);
    }

    @AfterAll
    static void done() {
        firmware.stop();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static RoleMap roles() {
        return RoleMap.parse("test roles", List.of("viewer1=viewer", "operator1=operator", "admin1=admin"));
    }

    private ManagementServer server(String bind, ServerSecurity security) throws Exception {
        ManagementServer s = new ManagementServer(firmware, bind, 0, "test", security, writes.definitions()).start();
        open.add(s);
        return s;
    }

    private ManagedChannel channel(ManagedChannel ch) {
        open.add(() -> ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return ch;
    }

    private ManagedChannel mtls(ManagementServer s, String cn) throws Exception {
        return channel(pki.channel(s.port(), cn == null ? null : clients.get(cn)));
    }

    private static BoardState getState(ManagedChannel ch) {
        return StateServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                .getState(GetStateRequest.getDefaultInstance());
    }

    private static Status refused(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run).getStatus();
    }

    @Test
    void mutualTlsMapsEachCertificateToItsRoleAndEachRoleIsAllowedAndRefused() throws Exception {
        ManagementServer s = server("127.0.0.1", pki.tlsServer().mutualTls(pki.caCert, roles()).build());
        ManagedChannel viewer = mtls(s, "viewer1");
        ManagedChannel operator = mtls(s, "operator1");
        ManagedChannel admin = mtls(s, "admin1");

        // Reads: every role.
        for (ManagedChannel ch : List.of(viewer, operator, admin)) {
            assertEquals(16, getState(ch).getRingsCount());
        }
        // Operator write: refused to viewer, allowed to operator and admin.
        Status st = refused(() -> FakeWriteServices.call(viewer, FakeWriteServices.SET_LANE));
        assertEquals(Status.Code.PERMISSION_DENIED, st.getCode());
        assertEquals(FakeWriteServices.SET_LANE + " needs role operator; caller 'viewer1' has role viewer",
                st.getDescription());
        assertEquals(0, writes.calls.get(), "a refused write never reaches the service");
        FakeWriteServices.call(operator, FakeWriteServices.SET_LANE);
        FakeWriteServices.call(admin, FakeWriteServices.SET_LANE);
        assertEquals(2, writes.calls.get());
        // Admin write: refused to viewer and operator, allowed to admin.
        for (ManagedChannel ch : List.of(viewer, operator)) {
            st = refused(() -> FakeWriteServices.call(ch, FakeWriteServices.WRITE_REGISTER));
            assertEquals(Status.Code.PERMISSION_DENIED, st.getCode());
            assertTrue(st.getDescription().startsWith(FakeWriteServices.WRITE_REGISTER + " needs role admin"),
                    st.getDescription());
        }
        FakeWriteServices.call(admin, FakeWriteServices.WRITE_REGISTER);
        // A method the table does not know needs admin.
        st = refused(() -> FakeWriteServices.call(operator, FakeWriteServices.FROBNICATE));
        assertTrue(st.getDescription().contains("needs role admin"), st.getDescription());
        FakeWriteServices.call(admin, FakeWriteServices.FROBNICATE);
        assertEquals(4, writes.calls.get());
    }

    @Test
    void aCertificateFromTheCaWhoseCnIsNotInTheRolesFileIsRefusedEvenForReads() throws Exception {
        ManagementServer s = server("127.0.0.1", pki.tlsServer().mutualTls(pki.caCert, roles()).build());
        ManagedChannel stranger = mtls(s, "stranger");
        Status st = refused(() -> getState(stranger));
        assertEquals(Status.Code.PERMISSION_DENIED, st.getCode());
        assertEquals("lightkeeper.v1.StateService/GetState refused: certificate CN 'stranger' has no role in the roles file",
                st.getDescription());
        st = refused(() -> FakeWriteServices.call(stranger, FakeWriteServices.SET_LANE));
        assertEquals(Status.Code.PERMISSION_DENIED, st.getCode());
        assertEquals(0, writes.calls.get());
        AuditLog.Entry e = s.auditLog().recent().get(0);
        assertEquals("stranger", e.principal());
        assertEquals("none", e.role());
        assertEquals("PERMISSION_DENIED", e.status());
    }

    @Test
    void mutualTlsRefusesAClientWithoutACertificate() throws Exception {
        ManagementServer s = server("127.0.0.1", pki.tlsServer().mutualTls(pki.caCert, roles()).build());
        Status st = refused(() -> getState(channel(uncheckedChannel(s.port()))));
        assertEquals(Status.Code.UNAVAILABLE, st.getCode(), st.toString());
    }

    private static ManagedChannel uncheckedChannel(int port) {
        try {
            return pki.channel(port, null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void tlsIsAcceptedOffLoopbackAndPlaintextIsRefusedThere() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ManagementServer(firmware, "0.0.0.0", 0, "test"));
        assertTrue(e.getMessage().startsWith("refusing plaintext gRPC on non-loopback address 0.0.0.0"), e.getMessage());

        // TLS without client certificates, on the wildcard address: reads for anyone, no writes.
        ManagementServer s = server("0.0.0.0", pki.tlsServer().build());
        ManagedChannel ch = channel(pki.channel(s.port(), null));
        assertEquals(16, getState(ch).getRingsCount());
        Status st = refused(() -> FakeWriteServices.call(ch, FakeWriteServices.SET_LANE));
        assertEquals(Status.Code.PERMISSION_DENIED, st.getCode());
        assertTrue(st.getDescription().contains("caller 'anonymous' has role viewer"), st.getDescription());
        // A plaintext client cannot talk to the TLS server.
        ManagedChannel plain = channel(ManagedChannelBuilder.forAddress("127.0.0.1", s.port()).usePlaintext().build());
        assertEquals(Status.Code.UNAVAILABLE, refused(() -> getState(plain)).getCode());
    }

    @Test
    void everyWriteIsAuditedWithWhoWhatWhenAndResult() throws Exception {
        List<String> lines = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                synchronized (lines) {
                    lines.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(AuditLog.LOGGER_NAME);
        log.addHandler(h);
        open.add(() -> log.removeHandler(h));

        ManagementServer s = server("127.0.0.1", pki.tlsServer().mutualTls(pki.caCert, roles()).build());
        ManagedChannel viewer = mtls(s, "viewer1");
        ManagedChannel operator = mtls(s, "operator1");
        getState(viewer);
        refused(() -> FakeWriteServices.call(viewer, FakeWriteServices.SET_LANE));
        FakeWriteServices.call(operator, FakeWriteServices.SET_LANE,
                BoardState.newBuilder().setSampledAtNs(7).addElsSlots(ElsSlotState.newBuilder().setSlot(3)).build());

        List<AuditLog.Entry> entries = s.auditLog().recent();
        assertEquals(2, entries.size(), "reads are not audited: " + entries);
        AuditLog.Entry denied = entries.get(0);
        assertEquals("viewer1", denied.principal());
        assertEquals(FakeWriteServices.SET_LANE, denied.method());
        assertEquals("PERMISSION_DENIED", denied.status());
        assertEquals("(not read)", denied.request());
        AuditLog.Entry ok = entries.get(1);
        assertEquals("operator1", ok.principal());
        assertEquals("operator", ok.role());
        assertEquals("OK", ok.status());
        assertEquals("sampled_at_ns: 7 els_slots { slot: 3 }", ok.request());
        assertEquals(clock.nanos(), ok.firmwareNs(), "firmware (virtual) clock, which serving calls does not move");
        assertNotNull(ok.wallTime());
        synchronized (lines) {
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(1).startsWith("who=operator1 role=operator method=" + FakeWriteServices.SET_LANE
                    + " status=OK fw_ns=" + clock.nanos() + " wall="), lines.get(1));
            assertTrue(lines.get(1).endsWith("request=\"sampled_at_ns: 7 els_slots { slot: 3 }\""), lines.get(1));
        }
    }

    @Test
    void plaintextOnLoopbackIsTheLocalAdmin() throws Exception {
        ManagementServer s = server("127.0.0.1", ServerSecurity.plaintext());
        ManagedChannel ch = channel(ManagedChannelBuilder.forAddress("127.0.0.1", s.port()).usePlaintext().build());
        FakeWriteServices.call(ch, FakeWriteServices.WRITE_REGISTER);
        assertEquals(1, writes.calls.get());
        AuditLog.Entry e = s.auditLog().recent().get(0);
        assertEquals("local", e.principal());
        assertEquals("admin", e.role());
    }

    @Test
    void anOversizedRequestIsRefusedWithResourceExhaustedAndChangesNothing() throws Exception {
        ManagementServer s = server("127.0.0.1", ServerSecurity.plaintext());
        ManagedChannel ch = channel(ManagedChannelBuilder.forAddress("127.0.0.1", s.port()).usePlaintext().build());
        BoardState big = BoardState.newBuilder()
                .addElsSlots(ElsSlotState.newBuilder().setReason("x".repeat(ManagementServer.MAX_INBOUND_BYTES))).build();
        Status st = refused(() -> FakeWriteServices.call(ch, FakeWriteServices.SET_LANE, big));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, st.getCode(), st.toString());
        assertTrue(st.getDescription().contains(String.valueOf(ManagementServer.MAX_INBOUND_BYTES)), st.getDescription());
        assertEquals(0, writes.calls.get());
        // Just under the limit passes.
        BoardState fits = BoardState.newBuilder()
                .addElsSlots(ElsSlotState.newBuilder().setReason("x".repeat(ManagementServer.MAX_INBOUND_BYTES - 100))).build();
        FakeWriteServices.call(ch, FakeWriteServices.SET_LANE, fits);
        assertEquals(1, writes.calls.get());
    }

    @Test
    void writesAreRateLimitedPerClientAndReadsAreNot() throws Exception {
        AtomicLong now = new AtomicLong();
        ManagementServer s = server("127.0.0.1", pki.tlsServer().mutualTls(pki.caCert, roles())
                .writeRate(20, 3).rateClock(now::get).build());
        ManagedChannel operator = mtls(s, "operator1");
        ManagedChannel admin = mtls(s, "admin1");
        for (int i = 0; i < 3; i++) {
            FakeWriteServices.call(operator, FakeWriteServices.SET_LANE);
        }
        Status st = refused(() -> FakeWriteServices.call(operator, FakeWriteServices.SET_LANE));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, st.getCode());
        assertEquals(FakeWriteServices.SET_LANE + " refused: write rate limit for 'operator1' is 20.0/s with burst 3",
                st.getDescription());
        assertEquals(3, writes.calls.get());
        for (int i = 0; i < 10; i++) {
            getState(operator);
        }
        FakeWriteServices.call(admin, FakeWriteServices.SET_LANE);
        now.addAndGet(50_000_000);
        FakeWriteServices.call(operator, FakeWriteServices.SET_LANE);
        assertEquals(5, writes.calls.get());
        assertEquals("RESOURCE_EXHAUSTED", s.auditLog().recent().get(3).status());
    }

    @Test
    void unreadableTlsFilesAreRefusedAtStartNamingTheFile() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ManagementServer(firmware,
                "127.0.0.1", 0, "test", ServerSecurity.builder().tls(junk, pki.serverKey).build()));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
    }
}
