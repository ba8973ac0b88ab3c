package org.lightkeeper.firmware.rig;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.TransactionLog;
import org.lightkeeper.hal.chip.Ina226;
import org.lightkeeper.hal.chip.Pca9555;
import org.lightkeeper.hal.chip.Tca9548a;
import org.lightkeeper.hal.chip.Tmp117;
import org.lightkeeper.hal.chip.cmis.CmisModule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rig log [--bus NAME] [--last N] [--bring-up]}: the recent transactions of this session's
 * buses (BoardDrivers' per-bus logs). A rig command is its own process, so the log shows what this
 * command did: by default one read-only pass over every I2C chip's identity through the drivers, with
 * {@code --bring-up} the firmware's ELS bring-up. A running firmware's log is served by the
 * management API's maintenance service.
 */
@Command(name = "log", mixinStandardHelpOptions = true,
        description = "Show the recent bus transactions: of a read-only identity pass over every I2C chip, or with "
                + "--bring-up of the firmware's ELS bring-up.")
final class RigLogCommand extends RigSubcommand {
    @Option(names = "--bus", description = "Only this bus (i2c-1, spi0).")
    String bus;

    @Option(names = "--last", description = "Entries per bus, newest last (default: ${DEFAULT-VALUE}).")
    int last = 64;

    @Option(names = "--bring-up", description = "Bring the ELS up with the firmware first (turns lasers on).")
    boolean bringUp;

    @Override
    boolean needsLight() {
        return bringUp;
    }

    @Override
    void check(BoardSpec board) {
        if (bus != null && board.i2cBuses().stream().noneMatch(b -> b.bus().equals(bus))
                && board.spiBuses().stream().noneMatch(b -> b.bus().equals(bus))) {
            throw new IllegalArgumentException("no bus '" + bus + "' on board '" + board.name() + "'");
        }
        if (last < 1) {
            throw new IllegalArgumentException("--last must be at least 1, got " + last);
        }
    }

    @Override
    void run(RigSession s, PrintWriter w) {
        if (!bringUp) {
            touch(s);
        }
        for (String line : format(s.drivers().logs(), bus, last)) {
            w.println(line);
        }
    }

    /** One read-only identity read per I2C chip through its driver; errors are logged, not fatal. */
    static void touch(RigSession s) {
        for (var bs : s.spec().i2cBuses()) {
            for (var d : bs.devices()) {
                try {
                    switch (d.chip()) {
                        case TCA9548A -> s.drivers().get(d.name(), Tca9548a.class).selected();
                        case PCA9555 -> s.drivers().get(d.name(), Pca9555.class).readInputs();
                        case TMP117 -> s.drivers().get(d.name(), Tmp117.class).deviceId();
                        case INA226 -> s.drivers().get(d.name(), Ina226.class).readRegister(Ina226.MANUFACTURER_ID);
                        case ELSFP -> s.drivers().get(d.name(), CmisModule.class).identifier();
                        default -> { }
                    }
                } catch (BusException e) {
                    // recorded in the log with its error: that is what the command shows
                }
            }
        }
    }

    /** The last {@code last} entries of each bus (or of {@code only}), oldest first, with a header per bus. */
    public static List<String> format(Map<String, TransactionLog> logs, String only, int last) {
        List<String> out = new java.util.ArrayList<>();
        for (Map.Entry<String, TransactionLog> e : logs.entrySet()) {
            if (only != null && !only.equals(e.getKey())) {
                continue;
            }
            List<TransactionLog.Entry> entries = e.getValue().snapshot();
            out.add(String.format("bus %s: %d transactions recorded, last %d shown", e.getKey(), e.getValue().recorded(),
                    Math.min(last, entries.size())));
            for (TransactionLog.Entry x : entries.subList(Math.max(0, entries.size() - last), entries.size())) {
                out.add("  " + x);
            }
        }
        return out;
    }
}
