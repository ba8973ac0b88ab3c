package org.lightkeeper.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightkeeper.firmware.grpc.security.TestPki;
import picocli.CommandLine;

/** The security and metrics options of the command line. */
class MainSecurityOptionsTest {
    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return new CommandLine(new Main()).execute(args);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    @Test
    void mutualTlsOnTheWildcardAddressWithMetricsRuns(@TempDir Path dir) throws Exception {
        TestPki pki = new TestPki(dir);
        Path roles = Files.writeString(dir.resolve("roles"), "alice=operator\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(out, err, "--bind", "0.0.0.0", "--port", "0", "--tls-cert", pki.serverCert.toString(),
                "--tls-key", pki.serverKey.toString(), "--tls-client-ca", pki.caCert.toString(), "--roles",
                roles.toString(), "--metrics-port", "0", "--duration", "0.01", "--speed", "1000", "--status-interval", "0");
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("gRPC (mutual TLS) on 0.0.0.0:"), o);
        assertTrue(o.contains("Prometheus metrics on http://127.0.0.1:"), o);
    }

    @Test
    void halfATlsConfigurationIsRefused(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, run(new ByteArrayOutputStream(), err, "--tls-cert", "x.pem", "--duration", "0", "--port", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--tls-cert and --tls-key go together"), err.toString());
        err.reset();
        assertEquals(2, run(new ByteArrayOutputStream(), err, "--tls-cert", "x.pem", "--tls-key", "y.pem",
                "--tls-client-ca", "ca.pem", "--duration", "0", "--port", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--tls-client-ca and --roles go together"), err.toString());
        err.reset();
        Path roles = Files.writeString(dir.resolve("roles"), "alice=root\n");
        TestPki pki = new TestPki(dir);
        assertEquals(2, run(new ByteArrayOutputStream(), err, "--tls-cert", pki.serverCert.toString(), "--tls-key",
                pki.serverKey.toString(), "--tls-client-ca", pki.caCert.toString(), "--roles", roles.toString(),
                "--duration", "0", "--port", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(roles + ":1: unknown role 'root'"), err.toString());
    }
}
