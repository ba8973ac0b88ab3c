package org.lightkeeper.firmware.grpc.security;

import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TextFormat;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The management API's security chain, applied to every service: identifies the caller (client
 * certificate CN through the roles file under mutual TLS, {@link Principal#ANONYMOUS} under TLS
 * without client certificates, {@link Principal#LOCAL} on a plaintext loopback server), checks the
 * role the method needs ({@link MethodPolicy}), rate-limits writes per caller, and records every
 * write, allowed or refused, in the {@link AuditLog}. Services read the caller from {@link #PRINCIPAL}.
 */
public final class SecurityInterceptor implements ServerInterceptor {
    /** The authenticated caller, in the context of every call that passed this interceptor. */
    public static final Context.Key<Principal> PRINCIPAL = Context.key("lightkeeper.principal");
    /** Audited request text is cut to this many characters. */
    static final int MAX_REQUEST_TEXT = 1024;
    private static final String NOT_READ = "(not read)";

    private final boolean tls;
    private final RoleMap roles;
    private final WriteRateLimiter limiter;
    private final AuditLog audit;
    private final LongSupplier firmwareNanos;
    private final Clock wall;

    /**
     * @param firmwareNanos the firmware clock, for the audit log's "when"
     * @param wall wall clock for the audit log
     */
    public SecurityInterceptor(ServerSecurity security, AuditLog audit, LongSupplier firmwareNanos, Clock wall) {
        this.tls = security.tls();
        this.roles = security.roles();
        this.limiter = new WriteRateLimiter(security.writesPerSecond(), security.writeBurst(), security.rateClock());
        this.audit = audit;
        this.firmwareNanos = firmwareNanos;
        this.wall = wall;
    }

    /** Who is calling, or the reason there is nobody we accept. */
    private record Caller(Principal principal, String name, String refusal) {
    }

    private Caller identify(ServerCall<?, ?> call) {
        SSLSession ssl = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (ssl == null) {
            // Only a plaintext server (loopback only, enforced at bind) has calls without a TLS session.
            return tls ? new Caller(null, "unknown", "no TLS session on a TLS server")
                    : new Caller(Principal.LOCAL, Principal.LOCAL.name(), null);
        }
        Certificate[] chain;
        try {
            chain = ssl.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return roles == null ? new Caller(Principal.ANONYMOUS, Principal.ANONYMOUS.name(), null)
                    : new Caller(null, "unknown", "no client certificate");
        }
        if (roles == null) {
            return new Caller(Principal.ANONYMOUS, Principal.ANONYMOUS.name(), null);
        }
        String cn = commonName((X509Certificate) chain[0]);
        if (cn == null) {
            return new Caller(null, "unknown", "client certificate has no subject CN");
        }
        return roles.roleOf(cn).map(r -> new Caller(new Principal(cn, r), cn, null))
                .orElseGet(() -> new Caller(null, cn, "certificate CN '" + cn + "' has no role in the roles file"));
    }

    static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Role needed = MethodPolicy.required(method);
        boolean write = needed != Role.VIEWER;
        Caller caller = identify(call);
        Principal p = caller.principal();
        AuditedCall<Q, R> audited = write
                ? new AuditedCall<>(call, caller.name(), p == null ? "none" : p.role().label(), method) : null;
        ServerCall<Q, R> out = write ? audited : call;

        if (p == null) {
            out.close(Status.PERMISSION_DENIED.withDescription(method + " refused: " + caller.refusal()), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        if (!p.role().includes(needed)) {
            out.close(Status.PERMISSION_DENIED.withDescription(method + " needs role " + needed.label() + "; caller '"
                    + p.name() + "' has role " + p.role().label()), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        if (write && !limiter.tryAcquire(p.name())) {
            out.close(Status.RESOURCE_EXHAUSTED.withDescription(method + " refused: write rate limit for '" + p.name()
                    + "' is " + limiter.ratePerSecond() + "/s with burst " + limiter.burst()), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        Context ctx = Context.current().withValue(PRINCIPAL, p);
        ServerCall.Listener<Q> listener = Contexts.interceptCall(ctx, out, headers, next);
        return write ? audited.listen(listener) : listener;
    }

    /** Records the call in the audit log once, when it closes or is cancelled. */
    private final class AuditedCall<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private final String who;
        private final String role;
        private final String method;
        private final AtomicBoolean recorded = new AtomicBoolean();
        private volatile String request = NOT_READ;

        AuditedCall(ServerCall<Q, R> delegate, String who, String role, String method) {
            super(delegate);
            this.who = who;
            this.role = role;
            this.method = method;
        }

        @Override
        public void close(Status status, Metadata trailers) {
            record(status.getCode().name(), status.getDescription());
            super.close(status, trailers);
        }

        void record(String code, String detail) {
            if (recorded.compareAndSet(false, true)) {
                audit.record(new AuditLog.Entry(who, role, method, request, firmwareNanos.getAsLong(), wall.instant(),
                        code, detail == null ? "" : detail));
            }
        }

        ServerCall.Listener<Q> listen(ServerCall.Listener<Q> delegate) {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
                @Override
                public void onMessage(Q message) {
                    String text = message instanceof MessageOrBuilder m
                            ? TextFormat.printer().emittingSingleLine(true).printToString(m)
                            : String.valueOf(message);
                    request = text.length() > MAX_REQUEST_TEXT ? text.substring(0, MAX_REQUEST_TEXT) + "..." : text;
                    super.onMessage(message);
                }

                @Override
                public void onCancel() {
                    record("CANCELLED", "cancelled before the server answered (client cancel, deadline or transport)");
                    super.onCancel();
                }
            };
        }
    }
}
