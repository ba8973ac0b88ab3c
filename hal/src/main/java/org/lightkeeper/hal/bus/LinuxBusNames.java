package org.lightkeeper.hal.bus;

/**
 * Board-file bus names to Linux controller numbers, for the backends that open {@code /dev/i2c-N} and
 * {@code /dev/spidevN.M} (Pi4J, diozero).
 */
public final class LinuxBusNames {
    private LinuxBusNames() {
    }

    /** {@code i2c-1}, {@code i2c1}, {@code /dev/i2c-1} or {@code 1} to 1. */
    public static int i2c(String name) {
        return number(name, "i2c", "/dev/i2c-", "i2c-", "i2c");
    }

    /** {@code spi0}, {@code spi-0}, {@code /dev/spidev0} or {@code 0} to 0. */
    public static int spi(String name) {
        return number(name, "spi", "/dev/spidev", "spi-", "spi");
    }

    private static int number(String name, String kind, String... prefixes) {
        String s = name == null ? "" : name.trim();
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                s = s.substring(p.length());
                break;
            }
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error
        }
        throw new IllegalArgumentException("cannot tell the Linux " + kind + " bus number from '" + name
                + "' (expected for example " + (kind.equals("i2c") ? "'i2c-1'" : "'spi0'") + ")");
    }
}
