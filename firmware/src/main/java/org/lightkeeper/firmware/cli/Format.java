package org.lightkeeper.firmware.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import org.lightkeeper.api.v1.Acknowledgement;
import org.lightkeeper.api.v1.AlarmEvent;
import org.lightkeeper.api.v1.AlarmEventKind;
import org.lightkeeper.api.v1.AlarmFlag;
import org.lightkeeper.api.v1.AlarmSubject;
import org.lightkeeper.api.v1.BoardState;
import org.lightkeeper.api.v1.ElsSlotInventory;
import org.lightkeeper.api.v1.ElsSlotState;
import org.lightkeeper.api.v1.EngineInventory;
import org.lightkeeper.api.v1.Inventory;
import org.lightkeeper.api.v1.LaneState;
import org.lightkeeper.api.v1.RingInventory;
import org.lightkeeper.api.v1.RingState;
import org.lightkeeper.api.v1.Threshold;
import org.lightkeeper.api.v1.VersionInfo;

/** Text and JSON renderings of the API's messages for people at a terminal. */
final class Format {
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private Format() {
    }

    static String json(MessageOrBuilder m) {
        try {
            return JSON.print(m);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String strip(String enumName, String prefix) {
        return enumName.startsWith(prefix) ? enumName.substring(prefix.length()) : enumName;
    }

    static String inventory(Inventory inv) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("board %s, firmware %s, backend %s%n", inv.getBoardName(), inv.getFirmwareVersion(),
                strip(inv.getBackend().name(), "BUS_BACKEND_")));
        for (ElsSlotInventory s : inv.getElsSlotsList()) {
            b.append(String.format("ELS slot %d: %s", s.getSlot(), s.getPresent() ? "present" : "empty"));
            if (s.hasIdentity()) {
                b.append(String.format(", %s %s s/n %s, CMIS %d.%d, %d lanes", s.getIdentity().getVendorName(),
                        s.getIdentity().getVendorPartNumber(), s.getIdentity().getVendorSerialNumber(),
                        s.getIdentity().getCmisRevision() >> 4, s.getIdentity().getCmisRevision() & 0xF,
                        s.getIdentity().getLaneCount()));
            }
            b.append('\n');
        }
        for (EngineInventory e : inv.getEnginesList()) {
            b.append(String.format("engine %d: %d rings%n", e.getEngine(), e.getRingsCount()));
            for (RingInventory r : e.getRingsList()) {
                b.append(String.format("  ring %2d %-9s %s #%d, heater max %.1f mW%n", r.getRing(),
                        strip(r.getKind().name(), "RING_KIND_"), r.getWaveguide(), r.getPosition(), r.getHeaterMaxMw()));
            }
        }
        return b.toString();
    }

    static String state(BoardState s) {
        StringBuilder b = new StringBuilder();
        long locked = s.getRingsList().stream().filter(r -> r.getLockStateValue() == 5).count();
        b.append(String.format("t=%.3f s, board %.2f C, rings locked %d/%d, active alarms %d%n",
                s.getSampledAtNs() / 1e9, s.getBoardTemperatureC(), locked, s.getRingsCount(),
                s.getAlarmsList().stream().filter(AlarmFlag::getActive).count()));
        for (ElsSlotState e : s.getElsSlotsList()) {
            b.append(String.format("ELS slot %d %s, %.2f C, operator mask 0x%02X, bus errors %d: %s%n", e.getSlot(),
                    strip(e.getState().name(), "ELS_STATE_"), e.getModuleTemperatureC(), e.getOperatorLaneMask(),
                    e.getBusErrors(), e.getReason()));
            for (LaneState l : e.getLanesList()) {
                b.append("  ").append(lane(l)).append('\n');
            }
        }
        for (org.lightkeeper.api.v1.EngineState e : s.getEnginesList()) {
            b.append(String.format("engine %d tracking %s: %s%n", e.getEngine(), strip(e.getTracking().name(), "TRACKING_MODE_")
                    .toLowerCase(), e.getTrackingReason()));
        }
        for (RingState r : s.getRingsList()) {
            b.append("  ").append(ring(r)).append('\n');
        }
        return b.toString();
    }

    static String lane(LaneState l) {
        return String.format("slot %d lane %d %-3s %-7s bias %6.1f mA power %6.2f mW setpoint %6.2f mW%s",
                l.getSlot(), l.getLane(), l.getEnabled() ? "on" : "off", strip(l.getStatus().name(), "LANE_STATUS_"),
                l.getBiasMa(), l.getPowerMw(), l.getPowerSetpointMw(), l.getOperatorEnabled() ? "" : " (operator off)");
    }

    static String ring(RingState r) {
        return String.format("ring %2d %-9s %-9s line %2d detuning %7.2f pm heater %6.2f mW monitor %7.2f uA "
                        + "target %.2f losses %d", r.getRing(), strip(r.getKind().name(), "RING_KIND_"),
                strip(r.getLockState().name(), "RING_LOCK_STATE_"), r.getAssignedLane(), r.getDetuningPm(),
                r.getHeaterPowerMw(), r.getMonitorUa(), r.getLockFraction(), r.getLosses())
                + (r.getLineHops() > 0 ? " line hops " + r.getLineHops() : "");
    }

    static String subject(AlarmSubject s) {
        StringBuilder b = new StringBuilder(strip(s.getQuantity().name(), "QUANTITY_").toLowerCase());
        switch (s.getQuantity()) {
            case QUANTITY_MODULE_TEMPERATURE, QUANTITY_BUS_ERRORS, QUANTITY_BUS_RETRIES -> b.append(" slot ").append(s.getSlot());
            case QUANTITY_LANE_BIAS, QUANTITY_LANE_POWER, QUANTITY_LANE_OFF_OVERDUE -> b.append(" slot ").append(s.getSlot())
                    .append(" lane ").append(s.getLane());
            case QUANTITY_RING_DETUNING, QUANTITY_HEATER_POWER -> b.append(" ring ").append(s.getRing());
            case QUANTITY_LOOP_OVERRUNS -> b.append(" loop ").append(s.getLoop());
            default -> { }
        }
        return b.toString();
    }

    static String flag(AlarmFlag f) {
        return String.format("%-7s %-12s %-28s value %.3f threshold %.3f set %.3f s%s changes %d%s",
                f.getActive() ? "ACTIVE" : "cleared", strip(f.getKind().name(), "FLAG_KIND_"), subject(f.getSubject()),
                f.getValue(), f.getThreshold(), f.getSetAtNs() / 1e9,
                f.getClearedAtNs() == 0 ? "" : String.format(" cleared %.3f s", f.getClearedAtNs() / 1e9),
                f.getChangeCount(), f.getAcknowledged() ? String.format(" acknowledged by %s at %.3f s",
                        f.getAcknowledgedBy(), f.getAcknowledgedAtNs() / 1e9) : "");
    }

    static String event(AlarmEvent e) {
        // Firmware older than the kind field: the flag's state says set or clear.
        String kind = e.getKind() == AlarmEventKind.ALARM_EVENT_KIND_UNSPECIFIED
                ? (e.getFlag().getActive() ? "SET" : "CLEAR") : strip(e.getKind().name(), "ALARM_EVENT_KIND_");
        return String.format("%-11s %s%s", kind, flag(e.getFlag()),
                e.getDropped() > 0 ? " (" + e.getDropped() + " dropped)" : "");
    }

    static String acknowledgement(Acknowledgement a) {
        StringBuilder b = new StringBuilder(String.format("acknowledged by %s at %.3f s: %d cleared, %d still standing%n",
                a.getAcknowledgedBy(), a.getAcknowledgedAtNs() / 1e9, a.getClearedCount(), a.getAcknowledgedCount()));
        a.getClearedList().forEach(f -> b.append("  ").append(flag(f)).append('\n'));
        a.getAcknowledgedList().forEach(f -> b.append("  ").append(flag(f)).append('\n'));
        return b.toString();
    }

    static String threshold(Threshold t) {
        return String.format("%-20s high alarm %s, high warning %s, low warning %s, low alarm %s, hysteresis %s",
                strip(t.getQuantity().name(), "QUANTITY_").toLowerCase(),
                t.hasHighAlarm() ? num(t.getHighAlarm()) : "-", t.hasHighWarning() ? num(t.getHighWarning()) : "-",
                t.hasLowWarning() ? num(t.getLowWarning()) : "-", t.hasLowAlarm() ? num(t.getLowAlarm()) : "-",
                num(t.getHysteresis()));
    }

    private static String num(double v) {
        return String.format("%.3f", v);
    }

    static String version(VersionInfo v) {
        return String.format("lightkeeper %s (API v%d), board %s, backend %s, up %.3f s, %d warm restart(s)",
                v.getFirmwareVersion(), v.getApiVersion(), v.getBoardName(), strip(v.getBackend().name(), "BUS_BACKEND_"),
                v.getUptimeNs() / 1e9, v.getWarmRestarts());
    }

    static String warmRestart(org.lightkeeper.api.v1.WarmRestartReply r) {
        return String.format("warm restart accepted at %.3f s (warm restart %d of this process)", r.getAcceptedAtNs() / 1e9,
                r.getPreviousWarmRestarts() + 1);
    }

    static String registerValue(org.lightkeeper.api.v1.RegisterValue v) {
        return java.util.HexFormat.ofDelimiter(" ").formatHex(v.getData().toByteArray());
    }

    static String busLog(org.lightkeeper.api.v1.BusLog log) {
        java.util.HexFormat hex = java.util.HexFormat.ofDelimiter(" ");
        StringBuilder b = new StringBuilder(String.format("%s: %d recorded, showing %d (log keeps %d)%n", log.getBus(),
                log.getRecorded(), log.getTransactionsCount(), log.getCapacity()));
        for (org.lightkeeper.api.v1.BusTransaction t : log.getTransactionsList()) {
            b.append(String.format("#%d t=%.6f s 0x%02X %-10s out[%d]=%s%s in[%d]=%s%s wire=%d ns %s%n", t.getSequence(),
                    t.getTimeNs() / 1e9, t.getAddress(), strip(t.getKind().name(), "BUS_TRANSACTION_KIND_"),
                    t.getOutLength(), hex.formatHex(t.getOut().toByteArray()), t.getOutLength() > t.getOut().size()
                            ? " ..." : "", t.getInLength(), hex.formatHex(t.getIn().toByteArray()),
                    t.getInLength() > t.getIn().size() ? " ..." : "", t.getWireNs(),
                    t.getError().isEmpty() ? "ok" : t.getError() + ": " + t.getErrorMessage()));
        }
        return b.toString();
    }
}
