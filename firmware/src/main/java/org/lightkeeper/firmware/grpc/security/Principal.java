package org.lightkeeper.firmware.grpc.security;

/**
 * Who is calling: the client certificate's subject CN and the role the roles file gives it, or
 * {@link #LOCAL} for a plaintext caller on a loopback-only server.
 *
 * @param name certificate subject CN, {@code "local"} or {@code "anonymous"}
 * @param role what the caller may do
 */
public record Principal(String name, Role role) {
    /** Plaintext on loopback: whoever can reach the socket is on the box, the local operator. */
    public static final Principal LOCAL = new Principal("local", Role.ADMIN);
    /** TLS without client certificates: the channel is private but nobody is identified, so read only. */
    public static final Principal ANONYMOUS = new Principal("anonymous", Role.VIEWER);
}
