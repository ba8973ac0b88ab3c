package org.lightkeeper.hal.bus.remote;

/** A frame that breaks the protocol (length, op code, field sizes); answered with a bad-request reply, never served. */
final class MalformedFrameException extends RuntimeException {
    MalformedFrameException(String message) {
        super(message);
    }
}
