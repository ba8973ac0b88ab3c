package org.lightkeeper.hal.bus.remote;

import org.lightkeeper.hal.bus.ArbitrationLostException;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.BusStuckException;
import org.lightkeeper.hal.bus.BusTimeoutException;
import org.lightkeeper.hal.bus.DeviceNotPresentException;
import org.lightkeeper.hal.bus.NakException;

/**
 * Error replies both ways: the server turns what its bus threw into a status code and fields (bus,
 * address, register, stuck line, message), the client rebuilds the same exception type from them, so
 * retry policies and alarms see exactly what they would see on a local bus.
 */
final class WireErrors {
    private WireErrors() {
    }

    /** Writes the error reply for {@code e} into {@code reply}. */
    static void encode(Frame reply, RuntimeException e) {
        if (e instanceof BusException b) {
            int line = b instanceof BusStuckException s ? s.line().ordinal() : BusProtocol.LINE_NONE;
            reply.begin(statusOf(b)).putString(b.bus()).putInt(b.address()).putInt(b.register()).putByte(line)
                    .putString(b.detail());
        } else {
            int status = e instanceof MalformedFrameException || e instanceof IllegalArgumentException
                    ? BusProtocol.ERR_BAD_REQUEST
                    : e instanceof IllegalStateException ? BusProtocol.ERR_ILLEGAL_STATE
                    : e instanceof UnsupportedOperationException ? BusProtocol.ERR_UNSUPPORTED : BusProtocol.ERR_INTERNAL;
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            reply.begin(status).putString("").putInt(BusException.NO_ADDRESS).putInt(BusException.NO_REGISTER)
                    .putByte(BusProtocol.LINE_NONE).putString(message);
        }
    }

    private static int statusOf(BusException b) {
        // Most specific first: DeviceNotPresentException is a NakException.
        if (b instanceof DeviceNotPresentException) {
            return BusProtocol.ERR_NOT_PRESENT;
        } else if (b instanceof NakException) {
            return BusProtocol.ERR_NAK;
        } else if (b instanceof BusTimeoutException) {
            return BusProtocol.ERR_TIMEOUT;
        } else if (b instanceof BusStuckException) {
            return BusProtocol.ERR_STUCK;
        } else if (b instanceof ArbitrationLostException) {
            return BusProtocol.ERR_ARBITRATION_LOST;
        }
        return BusProtocol.ERR_BUS;
    }

    /**
     * The exception an error reply stands for. Request errors (bad argument, wrong pin direction,
     * unsupported) come back as the unchecked exception the local call would have thrown.
     *
     * {@code context} names the transaction for errors that name no bus of their own (a server failure).
     *
     * @throws MalformedFrameException when the reply itself breaks the protocol
     */
    static RuntimeException decode(int status, Frame reply, String context, int contextAddress, int contextRegister) {
        String named = reply.getString();
        int address = reply.getInt();
        int register = reply.getInt();
        String bus = named.isEmpty() ? context : named;
        if (named.isEmpty()) {
            address = contextAddress;
            register = contextRegister;
        }
        int line = reply.getByte();
        String message = reply.getString();
        reply.end();
        return switch (status) {
            case BusProtocol.ERR_NAK -> new NakException(bus, address, register, message);
            case BusProtocol.ERR_NOT_PRESENT -> new DeviceNotPresentException(bus, address, register);
            case BusProtocol.ERR_TIMEOUT -> new BusTimeoutException(bus, address, register, message);
            case BusProtocol.ERR_STUCK -> {
                if (line >= BusStuckException.Line.values().length) {
                    throw new MalformedFrameException("stuck-bus reply names line " + line);
                }
                yield new BusStuckException(bus, address, register, BusStuckException.Line.values()[line]);
            }
            case BusProtocol.ERR_ARBITRATION_LOST -> new ArbitrationLostException(bus, address, register, message);
            case BusProtocol.ERR_BUS -> new BusException(bus, address, register, message);
            case BusProtocol.ERR_BAD_REQUEST -> new IllegalArgumentException("bus server refused the request: " + message);
            case BusProtocol.ERR_ILLEGAL_STATE -> new IllegalStateException(message);
            case BusProtocol.ERR_UNSUPPORTED -> new UnsupportedOperationException(message);
            case BusProtocol.ERR_INTERNAL -> new BusException(bus, address, register, "bus server failed: " + message);
            default -> throw new MalformedFrameException("unknown reply status 0x" + Integer.toHexString(status));
        };
    }
}
