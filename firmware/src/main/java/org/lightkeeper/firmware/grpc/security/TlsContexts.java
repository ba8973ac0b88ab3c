package org.lightkeeper.firmware.grpc.security;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;

/**
 * Netty TLS contexts for the management server, on the JDK's TLS provider (no netty-tcnative):
 * TLS 1.2/1.3 with ALPN h2 as gRPC requires, and client certificates required when a client CA is given.
 */
public final class TlsContexts {
    private TlsContexts() {
    }

    public static SslContext server(ServerSecurity s) throws IOException {
        if (!s.tls()) {
            throw new IllegalArgumentException("TLS is not configured");
        }
        SslContextBuilder b;
        try {
            b = SslContextBuilder.forServer(s.certChain().toFile(), s.privateKey().toFile());
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot read TLS certificate " + s.certChain() + " or key " + s.privateKey()
                    + " (PEM certificate chain and unencrypted PKCS#8 PEM key expected): " + e.getMessage(), e);
        }
        if (s.mutualTls()) {
            try {
                b.trustManager(s.clientCa().toFile()).clientAuth(ClientAuth.REQUIRE);
            } catch (IllegalArgumentException e) {
                throw new IOException("cannot read client CA " + s.clientCa() + " (PEM expected): " + e.getMessage(), e);
            }
        }
        return GrpcSslContexts.configure(b, SslProvider.JDK).build();
    }
}
