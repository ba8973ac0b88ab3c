package org.lightkeeper.firmware.cli;

import com.google.protobuf.MessageOrBuilder;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.lightkeeper.api.v1.AcknowledgeAlarmsRequest;
import org.lightkeeper.api.v1.AlarmEvent;
import org.lightkeeper.api.v1.AlarmFlagRef;
import org.lightkeeper.api.v1.AlarmList;
import org.lightkeeper.api.v1.AlarmServiceGrpc;
import org.lightkeeper.api.v1.AlarmSubject;
import org.lightkeeper.api.v1.FlagKind;
import org.lightkeeper.api.v1.GetInventoryRequest;
import org.lightkeeper.api.v1.GetStateRequest;
import org.lightkeeper.api.v1.GetVersionRequest;
import org.lightkeeper.api.v1.InventoryServiceGrpc;
import org.lightkeeper.api.v1.LaserServiceGrpc;
import org.lightkeeper.api.v1.ListAlarmsRequest;
import org.lightkeeper.api.v1.ListThresholdsRequest;
import org.lightkeeper.api.v1.MaintenanceServiceGrpc;
import org.lightkeeper.api.v1.Quantity;
import org.lightkeeper.api.v1.RingRequest;
import org.lightkeeper.api.v1.RingServiceGrpc;
import org.lightkeeper.api.v1.SetLaneEnabledRequest;
import org.lightkeeper.api.v1.SetLanePowerRequest;
import org.lightkeeper.api.v1.SetLockTargetRequest;
import org.lightkeeper.api.v1.SetThresholdRequest;
import org.lightkeeper.api.v1.StateServiceGrpc;
import org.lightkeeper.api.v1.StreamAlarmEventsRequest;
import org.lightkeeper.api.v1.SubscribeRequest;
import org.lightkeeper.api.v1.TelemetryServiceGrpc;
import org.lightkeeper.api.v1.TelemetryUpdate;
import org.lightkeeper.api.v1.Threshold;
import org.lightkeeper.api.v1.ThresholdList;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lightkeeper client ...}: the management API from a terminal, one subcommand per call, text
 * by default and protobuf JSON with {@code --json}. Exit status 0 on success, 1 when the firmware
 * refuses or cannot be reached (the gRPC status and its description go to stderr), 2 for usage errors.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Talk to a running Lightkeeper over its gRPC management API.",
        subcommands = {ClientCommand.InventoryCmd.class, ClientCommand.StateCmd.class, ClientCommand.VersionCmd.class,
                ClientCommand.LaneEnableCmd.class, ClientCommand.LaneDisableCmd.class, ClientCommand.LanePowerCmd.class,
                ClientCommand.RelockCmd.class, ClientCommand.LockTargetCmd.class, ClientCommand.TelemetryCmd.class,
                ClientCommand.AlarmsCmd.class, ClientCommand.AlarmEventsCmd.class, ClientCommand.AlarmAckCmd.class,
                ClientCommand.ThresholdsCmd.class,
                ClientCommand.SetThresholdCmd.class, ClientCommand.ConfigGetCmd.class, ClientCommand.ConfigRestoreCmd.class,
                ClientCommand.ReadRegisterCmd.class, ClientCommand.WriteRegisterCmd.class, ClientCommand.BusLogCmd.class,
                ClientCommand.SweepRingCmd.class, ClientCommand.WarmRestartCmd.class})
public final class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /** One call: opens the channel, runs, prints, maps a refusal to exit status 1. */
    abstract static class Rpc implements Callable<Integer> {
        @Mixin
        ClientOptions options;

        @Spec
        CommandSpec spec;

        abstract void run(ManagedChannel channel, PrintWriter out);

        long deadlineMs() {
            return (long) (options.timeoutS * 1000);
        }

        <M extends MessageOrBuilder> void print(PrintWriter out, M message, Function<M, String> text) {
            out.println(options.json ? Format.json(message) : text.apply(message).stripTrailing());
            out.flush();
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ManagedChannel channel = options.channel();
            try {
                run(channel, out);
                return 0;
            } catch (StatusRuntimeException e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("lightkeeper client: " + e.getStatus().getCode() + ": " + e.getStatus().getDescription());
                err.flush();
                return 1;
            } finally {
                channel.shutdownNow();
                try {
                    channel.awaitTermination(2, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Command(name = "inventory", description = "Board, ELS modules with CMIS identity, engines and rings.")
    static final class InventoryCmd extends Rpc {
        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            print(out, InventoryServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .getInventory(GetInventoryRequest.getDefaultInstance()), Format::inventory);
        }
    }

    @Command(name = "state", description = "ELS slots, lanes, rings, alarms now.")
    static final class StateCmd extends Rpc {
        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            print(out, StateServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .getState(GetStateRequest.getDefaultInstance()), Format::state);
        }
    }

    @Command(name = "version", description = "Firmware and API version, board, uptime.")
    static final class VersionCmd extends Rpc {
        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            print(out, MaintenanceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .getVersion(GetVersionRequest.getDefaultInstance()), Format::version);
        }
    }

    @Command(name = "warm-restart", description = "Restart the firmware hitlessly (operator): a new firmware adopts the "
            + "running board; lanes stay lit, heaters hold.")
    static final class WarmRestartCmd extends Rpc {
        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            print(out, MaintenanceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .warmRestart(org.lightkeeper.api.v1.WarmRestartRequest.getDefaultInstance()), Format::warmRestart);
        }
    }

    abstract static class LaneSwitch extends Rpc {
        @Parameters(index = "0", description = "ELS slot.")
        int slot;

        @Parameters(index = "1", description = "Lane, 0-7.")
        int lane;

        abstract boolean enabled();

        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            print(out, LaserServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .setLaneEnabled(SetLaneEnabledRequest.newBuilder().setSlot(slot).setLane(lane)
                            .setEnabled(enabled()).build()), Format::lane);
        }
    }

    @Command(name = "lane-enable", description = "Allow a laser lane (still subject to the interlock).")
    static final class LaneEnableCmd extends LaneSwitch {
        @Override
        boolean enabled() {
            return true;
        }
    }

    @Command(name = "lane-disable", description = "Force a laser lane dark.")
    static final class LaneDisableCmd extends LaneSwitch {
        @Override
        boolean enabled() {
            return false;
        }
    }

    @Command(name = "lane-power", description = "Set a lane's optical power setpoint, mW.")
    static final class LanePowerCmd extends Rpc {
        @Parameters(index = "0", description = "ELS slot.")
        int slot;

        @Parameters(index = "1", description = "Lane, 0-7.")
        int lane;

        @Parameters(index = "2", description = "Optical power setpoint, mW (0-655.35).")
        double powerMw;

        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            print(out, LaserServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .setLanePower(SetLanePowerRequest.newBuilder().setSlot(slot).setLane(lane).setPowerMw(powerMw)
                            .build()), Format::lane);
        }
    }

    @Command(name = "relock", description = "Re-acquire a ring around its operating point.")
    static final class RelockCmd extends Rpc {
        @Parameters(index = "0", description = "Ring id.")
        int ring;

        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            print(out, RingServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .relock(RingRequest.newBuilder().setRing(ring).build()), Format::ring);
        }
    }

    @Command(name = "sweep-ring", description = "Diagnostic: sweep a ring's heater over its range (CSV: heater mW, "
            + "monitor uA); the ring leaves its line meanwhile, then relocks. Admin only.")
    static final class SweepRingCmd extends Rpc {
        @Parameters(index = "0", description = "Ring id.")
        int ring;

        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            var it = RingServiceGrpc.newBlockingStub(ch).withDeadlineAfter(Math.max(deadlineMs(), 120_000), TimeUnit.MILLISECONDS)
                    .sweepRing(RingRequest.newBuilder().setRing(ring).build());
            out.println("heater_mw,monitor_ua");
            while (it.hasNext()) {
                org.lightkeeper.api.v1.SweepPoint p = it.next();
                if (p.getDone()) {
                    out.println("# " + p.getOutcome());
                } else {
                    out.printf(java.util.Locale.ROOT, "%.4f,%.4f%n", p.getHeaterMw(), p.getMonitorUa());
                }
            }
        }
    }

    @Command(name = "lock-target", description = "Set a modulator ring's lock point, fraction of peak (0.05-1).")
    static final class LockTargetCmd extends Rpc {
        @Parameters(index = "0", description = "Ring id.")
        int ring;

        @Parameters(index = "1", description = "Monitor fraction of peak, 0.05-1.0.")
        double fraction;

        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            print(out, RingServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .setLockTarget(SetLockTargetRequest.newBuilder().setRing(ring).setMonitorFraction(fraction).build()),
                    Format::ring);
        }
    }

    @Command(name = "telemetry", description = "Stream board state (Ctrl-C to stop, or --count).")
    static final class TelemetryCmd extends Rpc {
        @Option(names = "--on-change", description = "Updates on change (with --deadband-pm, --heartbeat-ms) "
                + "instead of every --interval-ms.")
        boolean onChange;

        @Option(names = "--interval-ms", description = "Sample interval, ms (default: ${DEFAULT-VALUE}).")
        int intervalMs = 1000;

        @Option(names = "--deadband-pm", description = "On-change detuning deadband, pm (default: ${DEFAULT-VALUE}).")
        double deadbandPm = 1.0;

        @Option(names = "--heartbeat-ms", description = "On-change heartbeat, ms, 0 for none (default: ${DEFAULT-VALUE}).")
        int heartbeatMs = 5000;

        @Option(names = "--count", description = "Stop after this many updates, 0 for never (default: ${DEFAULT-VALUE}).")
        long count;

        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            SubscribeRequest.Builder r = SubscribeRequest.newBuilder();
            if (onChange) {
                r.setMode(SubscribeRequest.Mode.ON_CHANGE).setDeadbandPm(deadbandPm).setHeartbeatMs(heartbeatMs);
            } else {
                r.setMode(SubscribeRequest.Mode.SAMPLE).setIntervalMs(intervalMs);
            }
            Iterator<TelemetryUpdate> it = TelemetryServiceGrpc.newBlockingStub(ch).subscribe(r.build());
            for (long n = 0; (count == 0 || n < count) && it.hasNext(); n++) {
                print(out, it.next(), u -> (u.getHeartbeat() ? "(heartbeat) " : "")
                        + (u.getDropped() > 0 ? "(" + u.getDropped() + " dropped) " : "") + Format.state(u.getState()));
            }
        }
    }

    @Command(name = "alarms", description = "Alarm flags: active and latched.")
    static final class AlarmsCmd extends Rpc {
        @Option(names = "--active", description = "Only flags whose condition stands now.")
        boolean active;

        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            AlarmList l = AlarmServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .listAlarms(ListAlarmsRequest.newBuilder().setActiveOnly(active).build());
            print(out, l, x -> x.getFlagsCount() == 0 ? "no alarm flags"
                    : String.join("\n", x.getFlagsList().stream().map(Format::flag).toList()));
        }
    }

    @Command(name = "alarm-events", description = "Stream alarm set, clear and acknowledge events.")
    static final class AlarmEventsCmd extends Rpc {
        @Option(names = "--replay", description = "Start with the active flags.")
        boolean replay;

        @Option(names = "--count", description = "Stop after this many events, 0 for never (default: ${DEFAULT-VALUE}).")
        long count;

        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            Iterator<AlarmEvent> it = AlarmServiceGrpc.newBlockingStub(ch)
                    .streamAlarmEvents(StreamAlarmEventsRequest.newBuilder().setReplayActive(replay).build());
            for (long n = 0; (count == 0 || n < count) && it.hasNext(); n++) {
                print(out, it.next(), Format::event);
            }
        }
    }

    @Command(name = "alarm-ack", description = "Acknowledge alarm flags (operator): those whose condition has gone "
            + "leave the list, standing ones stay listed, acknowledged, until they clear. Target: --all, a QUANTITY "
            + "(every flag of it), a subject (QUANTITY with --slot/--lane/--ring/--loop), or one flag (add --kind).")
    static final class AlarmAckCmd extends Rpc {
        @Option(names = "--all", description = "Every listed flag.")
        boolean all;

        @Parameters(index = "0", arity = "0..1", description = "Quantity: ${COMPLETION-CANDIDATES}.")
        org.lightkeeper.firmware.alarm.Quantity quantity;

        @Option(names = "--slot", description = "ELS slot (module temperature, bus errors, lanes).")
        Integer slot;

        @Option(names = "--lane", description = "Lane (lane bias, lane power).")
        Integer lane;

        @Option(names = "--ring", description = "Ring id (ring detuning, heater power).")
        Integer ring;

        @Option(names = "--loop", description = "Loop name (loop overruns), for example rings.")
        String loop;

        @Option(names = "--kind", description = "One flag of the subject: ${COMPLETION-CANDIDATES}.")
        org.lightkeeper.firmware.alarm.FlagKind kind;

        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            print(out, AlarmServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .acknowledgeAlarms(request(spec.commandLine())), Format::acknowledgement);
        }

        AcknowledgeAlarmsRequest request(CommandLine cl) {
            boolean subjectGiven = slot != null || lane != null || ring != null || loop != null;
            if (all == (quantity != null)) {
                throw new CommandLine.ParameterException(cl, "give either --all or a QUANTITY");
            }
            if (all) {
                if (subjectGiven || kind != null) {
                    throw new CommandLine.ParameterException(cl, "--all takes no subject or --kind");
                }
                return AcknowledgeAlarmsRequest.newBuilder().setAll(true).build();
            }
            Quantity q = Quantity.valueOf("QUANTITY_" + quantity.name());
            if (!subjectGiven && kind == null) {
                return AcknowledgeAlarmsRequest.newBuilder().setQuantity(q).build();
            }
            AlarmSubject.Builder s = AlarmSubject.newBuilder().setQuantity(q);
            if (slot != null) {
                s.setSlot(slot);
            }
            if (lane != null) {
                s.setLane(lane);
            }
            if (ring != null) {
                s.setRing(ring);
            }
            if (loop != null) {
                s.setLoop(loop);
            }
            if (kind == null) {
                return AcknowledgeAlarmsRequest.newBuilder().setSubject(s).build();
            }
            return AcknowledgeAlarmsRequest.newBuilder().setFlag(AlarmFlagRef.newBuilder().setSubject(s)
                    .setKind(FlagKind.valueOf("FLAG_KIND_" + kind.name()))).build();
        }
    }

    @Command(name = "thresholds", description = "Alarm thresholds of every quantity.")
    static final class ThresholdsCmd extends Rpc {
        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            ThresholdList l = AlarmServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .listThresholds(ListThresholdsRequest.getDefaultInstance());
            print(out, l, x -> String.join("\n", x.getThresholdsList().stream().map(Format::threshold).toList()));
        }
    }

    @Command(name = "set-threshold", description = "Replace one quantity's thresholds (unset ones are not checked).")
    static final class SetThresholdCmd extends Rpc {
        @Parameters(index = "0", description = "Quantity: ${COMPLETION-CANDIDATES}.")
        org.lightkeeper.firmware.alarm.Quantity quantity;

        @Option(names = "--high-alarm")
        Double highAlarm;

        @Option(names = "--high-warning")
        Double highWarning;

        @Option(names = "--low-warning")
        Double lowWarning;

        @Option(names = "--low-alarm")
        Double lowAlarm;

        @Option(names = "--hysteresis", description = "In the quantity's unit (default: ${DEFAULT-VALUE}).")
        double hysteresis;

        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            Threshold.Builder t = Threshold.newBuilder().setQuantity(Quantity.valueOf("QUANTITY_" + quantity.name()))
                    .setHysteresis(hysteresis);
            if (highAlarm != null) {
                t.setHighAlarm(highAlarm);
            }
            if (highWarning != null) {
                t.setHighWarning(highWarning);
            }
            if (lowWarning != null) {
                t.setLowWarning(lowWarning);
            }
            if (lowAlarm != null) {
                t.setLowAlarm(lowAlarm);
            }
            print(out, AlarmServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .setThreshold(SetThresholdRequest.newBuilder().setThreshold(t).build()), Format::threshold);
        }
    }

    @Command(name = "config-get", description = "The operator configuration, as protobuf JSON (save it to a file).")
    static final class ConfigGetCmd extends Rpc {
        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            print(out, MaintenanceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .getConfig(org.lightkeeper.api.v1.GetConfigRequest.getDefaultInstance()), Format::json);
        }
    }

    @Command(name = "config-restore", description = "Restore a configuration saved by config-get (all or nothing).")
    static final class ConfigRestoreCmd extends Rpc {
        @Parameters(index = "0", description = "JSON file written by config-get.")
        java.nio.file.Path file;

        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            org.lightkeeper.api.v1.ManagementConfig.Builder c = org.lightkeeper.api.v1.ManagementConfig.newBuilder();
            try {
                com.google.protobuf.util.JsonFormat.parser().merge(java.nio.file.Files.readString(file), c);
            } catch (java.io.IOException e) {
                throw io.grpc.Status.INVALID_ARGUMENT.withDescription("file: cannot read " + file + ": " + e.getMessage())
                        .asRuntimeException();
            }
            print(out, MaintenanceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .restoreConfig(c.build()), Format::json);
        }
    }

    /** A register number or page: decimal, or hex with 0x. */
    static int number(CommandLine cl, String field, String v) {
        try {
            String t = v.trim().toLowerCase(java.util.Locale.ROOT);
            return t.startsWith("0x") ? Integer.parseUnsignedInt(t.substring(2), 16) : Integer.parseUnsignedInt(t);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(cl,
                    field + ": not a number (decimal or 0x-hex): '" + v + "'");
        }
    }

    /** Bytes from hex tokens ("01 17", "0x0117", "a5"), in order. */
    static byte[] hexBytes(CommandLine cl, java.util.List<String> tokens) {
        StringBuilder all = new StringBuilder();
        for (String t : tokens) {
            String h = t.trim().toLowerCase(java.util.Locale.ROOT);
            all.append(h.startsWith("0x") ? h.substring(2) : h);
        }
        try {
            return java.util.HexFormat.of().parseHex(all);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl,
                    "data: hex bytes expected (for example 01 17 or 0x0117), got '" + String.join(" ", tokens) + "'");
        }
    }

    @Command(name = "read-register", description = "Read raw bytes of an I2C chip of the board file (admin; bring-up).")
    static final class ReadRegisterCmd extends Rpc {
        @Parameters(index = "0", description = "Device name from the board file, for example board_temp or els0.")
        String device;

        @Parameters(index = "1", description = "Register, decimal or 0x-hex (0 for a TCA9548A's control byte).")
        String register;

        @Parameters(index = "2", arity = "0..1", description = "Bytes to read; default one register.")
        Integer length;

        @Option(names = "--page", description = "ELSFP upper page (bank 0) for registers 128-255, for example 0x1B.")
        String page;

        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            org.lightkeeper.api.v1.ReadRegisterRequest.Builder r = org.lightkeeper.api.v1.ReadRegisterRequest
                    .newBuilder().setDevice(device).setRegister(number(spec.commandLine(), "register", register))
                    .setLength(length == null ? 0 : length);
            if (page != null) {
                r.setPage(number(spec.commandLine(), "page", page));
            }
            print(out, MaintenanceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .readRegister(r.build()), Format::registerValue);
        }
    }

    @Command(name = "write-register", description = "Write raw bytes to an I2C chip of the board file (admin; bring-up).")
    static final class WriteRegisterCmd extends Rpc {
        @Parameters(index = "0", description = "Device name from the board file.")
        String device;

        @Parameters(index = "1", description = "Register, decimal or 0x-hex.")
        String register;

        @Parameters(index = "2..*", arity = "1..*", description = "Data, hex bytes in wire order (16-bit registers MSB"
                + " first), for example 02 20 or 0x0220.")
        java.util.List<String> data;

        @Option(names = "--page", description = "ELSFP upper page (bank 0) for registers 128-255.")
        String page;

        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            org.lightkeeper.api.v1.WriteRegisterRequest.Builder r = org.lightkeeper.api.v1.WriteRegisterRequest
                    .newBuilder().setDevice(device).setRegister(number(spec.commandLine(), "register", register))
                    .setData(com.google.protobuf.ByteString.copyFrom(hexBytes(spec.commandLine(), data)));
            if (page != null) {
                r.setPage(number(spec.commandLine(), "page", page));
            }
            print(out, MaintenanceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .writeRegister(r.build()), Format::registerValue);
        }
    }

    @Command(name = "bus-log", description = "Recent transactions of one bus (i2c-1, spi0, ...), oldest first.")
    static final class BusLogCmd extends Rpc {
        @Parameters(index = "0", description = "Bus name from the board file.")
        String bus;

        @Option(names = "--max", description = "Newest entries to show; 0 = all the log keeps (default).")
        int max;

        @Override
        void run(ManagedChannel ch, PrintWriter out) {
            print(out, MaintenanceServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs(), TimeUnit.MILLISECONDS)
                    .getBusLog(org.lightkeeper.api.v1.GetBusLogRequest.newBuilder().setBus(bus).setMaxEntries(max)
                            .build()), Format::busLog);
        }
    }
}
