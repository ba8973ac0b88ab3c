package org.lightkeeper.firmware.grpc.security;

import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI made at test time (nothing binary is committed): a CA, a server certificate for
 * 127.0.0.1 and localhost, and client certificates by CN, as PEM files in a directory. EC P-256 keys
 * (fast to generate), keys written as unencrypted PKCS#8 as Netty wants them.
 */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    public final Path dir;
    public final Path caCert;
    public final Path serverCert;
    public final Path serverKey;
    private final KeyPair caKeys;
    private final X500Name caName = new X500Name("CN=Lightkeeper Test CA");

    public TestPki(Path dir) throws IOException, GeneralSecurityException {
        this.dir = dir;
        this.caKeys = ecKeys();
        Instant now = Instant.now();
        X509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), caName, caKeys.getPublic());
        ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        caCert = writeCert("ca.pem", sign(ca));

        KeyPair server = ecKeys();
        X509v3CertificateBuilder sb = leaf("CN=localhost", server);
        sb.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        sb.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        serverCert = writeCert("server.pem", sign(sb));
        serverKey = writeKey("server.key", server);
    }

    /** A client certificate with subject CN {@code cn}, signed by this CA. */
    public Client client(String cn) throws IOException, GeneralSecurityException {
        KeyPair keys = ecKeys();
        X509v3CertificateBuilder b = leaf("CN=" + cn + ",O=Lightkeeper tests", keys);
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        return new Client(writeCert(cn + ".pem", sign(b)), writeKey(cn + ".key", keys));
    }

    /** A client's certificate and key files. */
    public record Client(Path cert, Path key) {
    }

    /** The server configuration for TLS with this PKI's server certificate (no client certificates). */
    public ServerSecurity.Builder tlsServer() {
        return ServerSecurity.builder().tls(serverCert, serverKey);
    }

    /** TLS channel to 127.0.0.1:port trusting this CA, presenting {@code client} unless it is null. */
    public ManagedChannel channel(int port, Client client) throws IOException {
        SslContextBuilder b = SslContextBuilder.forClient().trustManager(caCert.toFile());
        if (client != null) {
            b.keyManager(client.cert().toFile(), client.key().toFile());
        }
        return NettyChannelBuilder.forAddress("127.0.0.1", port)
                .sslContext(GrpcSslContexts.configure(b, SslProvider.JDK).build()).build();
    }

    private X509v3CertificateBuilder leaf(String subject, KeyPair keys) {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caName, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject),
                keys.getPublic());
        try {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b;
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private X509Certificate sign(X509v3CertificateBuilder b) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private Path writeCert(String name, X509Certificate cert) throws IOException, GeneralSecurityException {
        return write(name, "CERTIFICATE", cert.getEncoded());
    }

    private Path writeKey(String name, KeyPair keys) throws IOException {
        return write(name, "PRIVATE KEY", keys.getPrivate().getEncoded()); // PKCS#8 DER
    }

    private Path write(String name, String type, byte[] der) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        return Files.writeString(dir.resolve(name), pem);
    }
}
