package org.lightkeeper.firmware.grpc.security;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How the management server protects itself, built once at start-up: TLS files (none means
 * plaintext, allowed on loopback only), the client CA that turns on mutual TLS with the roles file
 * that maps certificate CNs to roles, the per-client write rate limit and the audit log size.
 */
public final class ServerSecurity {
    /** Default write budget per client: 20 writes a second sustained, bursts of 40. */
    public static final double DEFAULT_WRITES_PER_SECOND = 20;
    public static final int DEFAULT_WRITE_BURST = 40;
    public static final int DEFAULT_AUDIT_CAPACITY = 1000;

    private final Path certChain;
    private final Path privateKey;
    private final Path clientCa;
    private final RoleMap roles;
    private final double writesPerSecond;
    private final int writeBurst;
    private final LongSupplier rateClock;
    private final int auditCapacity;

    private ServerSecurity(Builder b) {
        this.certChain = b.certChain;
        this.privateKey = b.privateKey;
        this.clientCa = b.clientCa;
        this.roles = b.roles;
        this.writesPerSecond = b.writesPerSecond;
        this.writeBurst = b.writeBurst;
        this.rateClock = b.rateClock;
        this.auditCapacity = b.auditCapacity;
    }

    /** Plaintext, caller is the local admin: for a loopback-only server. */
    public static ServerSecurity plaintext() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean tls() {
        return certChain != null;
    }

    public boolean mutualTls() {
        return clientCa != null;
    }

    public Path certChain() {
        return certChain;
    }

    public Path privateKey() {
        return privateKey;
    }

    public Path clientCa() {
        return clientCa;
    }

    /** The roles map; null unless mutual TLS is on. */
    public RoleMap roles() {
        return roles;
    }

    public double writesPerSecond() {
        return writesPerSecond;
    }

    public int writeBurst() {
        return writeBurst;
    }

    public LongSupplier rateClock() {
        return rateClock;
    }

    public int auditCapacity() {
        return auditCapacity;
    }

    public static final class Builder {
        private Path certChain;
        private Path privateKey;
        private Path clientCa;
        private RoleMap roles;
        private double writesPerSecond = DEFAULT_WRITES_PER_SECOND;
        private int writeBurst = DEFAULT_WRITE_BURST;
        private LongSupplier rateClock = System::nanoTime;
        private int auditCapacity = DEFAULT_AUDIT_CAPACITY;

        private Builder() {
        }

        /** Server certificate chain (PEM) and its private key (PKCS#8 PEM, unencrypted). */
        public Builder tls(Path certChain, Path privateKey) {
            this.certChain = Objects.requireNonNull(certChain, "certChain");
            this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /** Turns on mutual TLS: clients must present a certificate issued by this CA (PEM) and listed in {@code roles}. */
        public Builder mutualTls(Path clientCa, RoleMap roles) {
            this.clientCa = Objects.requireNonNull(clientCa, "clientCa");
            this.roles = Objects.requireNonNull(roles, "roles");
            return this;
        }

        /** Write budget per client (token bucket). */
        public Builder writeRate(double perSecond, int burst) {
            this.writesPerSecond = perSecond;
            this.writeBurst = burst;
            return this;
        }

        /** Clock for the write rate limit, ns (wall monotonic by default; tests step their own). */
        public Builder rateClock(LongSupplier nanos) {
            this.rateClock = Objects.requireNonNull(nanos, "rateClock");
            return this;
        }

        public Builder auditCapacity(int entries) {
            this.auditCapacity = entries;
            return this;
        }

        public ServerSecurity build() {
            if (clientCa != null && certChain == null) {
                throw new IllegalArgumentException("a client CA (mutual TLS) needs the server certificate and key too");
            }
            if (!(writesPerSecond > 0) || writeBurst < 1) {
                throw new IllegalArgumentException("write rate must be > 0 per second with burst >= 1, got "
                        + writesPerSecond + "/s burst " + writeBurst);
            }
            if (auditCapacity < 1) {
                throw new IllegalArgumentException("audit capacity must be >= 1, got " + auditCapacity);
            }
            return new ServerSecurity(this);
        }
    }
}
