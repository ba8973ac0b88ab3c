package org.lightkeeper.hal.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * The Linux kernel's I2C fault codes (Documentation/i2c/fault-codes.rst) as our typed bus errors, for
 * the backends over {@code /dev/i2c-N} and {@code /dev/spidevN.M} (Pi4J, diozero): ENXIO (the address
 * phase got no ACK) is device not present, EREMOTEIO a NAK (the Raspberry Pi's i2c-bcm2835 returns it
 * for address and data NAKs alike), ETIMEDOUT a timeout; anything else the plain {@link BusException}
 * with every message of the cause chain. Each backend says where its library keeps the errno and which
 * further texts it words these faults with; the strerror texts are matched for every backend.
 */
public final class LinuxBusErrors {
    public static final int ENXIO = 6;
    public static final int ETIMEDOUT = 110;
    public static final int EREMOTEIO = 121;

    private final ToIntFunction<Throwable> errnoOf;
    private final List<String> notPresent;
    private final List<String> nak;
    private final List<String> timeout;

    /**
     * @param errnoOf the positive errno a throwable of the library carries, 0 for none
     * @param notPresent, nak, timeout lower-case texts of the library's messages meaning that fault,
     *     besides the kernel's strerror text
     */
    public LinuxBusErrors(ToIntFunction<Throwable> errnoOf, List<String> notPresent, List<String> nak, List<String> timeout) {
        this.errnoOf = errnoOf;
        this.notPresent = concat("no such device or address", notPresent);
        this.nak = concat("remote i/o error", nak);
        this.timeout = concat("timed out", timeout);
    }

    private static List<String> concat(String first, List<String> more) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(more);
        return List.copyOf(all);
    }

    /** {@code e} as a typed bus error (itself when it already is one), with {@code e} as its cause. */
    public BusException translate(String bus, int address, int register, String what, RuntimeException e) {
        if (e instanceof BusException b) {
            return b;
        }
        BusException out = classify(bus, address, register, what, e);
        out.initCause(e);
        return out;
    }

    private BusException classify(String bus, int address, int register, String what, Throwable e) {
        StringBuilder detail = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            int errno = errnoOf.applyAsInt(t);
            String m = t.getMessage() == null ? "" : t.getMessage();
            String lower = m.toLowerCase(Locale.ROOT);
            if (errno == ENXIO || mentions(lower, notPresent)) {
                return new DeviceNotPresentException(bus, address);
            }
            if (errno == EREMOTEIO || mentions(lower, nak)) {
                return new NakException(bus, address, register, what + ": not acknowledged (" + m + ")");
            }
            if (errno == ETIMEDOUT || mentions(lower, timeout)) {
                return new BusTimeoutException(bus, address, register, what + ": timed out (" + m + ")");
            }
            if (!m.isEmpty()) {
                detail.append(detail.length() == 0 ? "" : ": ").append(m);
            }
        }
        return new BusException(bus, address, register, what + " failed: " + (detail.length() == 0
                ? e.getClass().getSimpleName() : detail));
    }

    private static boolean mentions(String message, List<String> texts) {
        for (String t : texts) {
            if (message.contains(t)) {
                return true;
            }
        }
        return false;
    }
}
