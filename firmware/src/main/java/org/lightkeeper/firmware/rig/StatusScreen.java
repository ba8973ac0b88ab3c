package org.lightkeeper.firmware.rig;

import java.util.Locale;
import org.lightkeeper.api.v1.AlarmFlag;
import org.lightkeeper.api.v1.BoardState;
import org.lightkeeper.api.v1.ElsSlotState;
import org.lightkeeper.api.v1.LaneState;
import org.lightkeeper.api.v1.RingState;

/** One screen of the live status view: ELS slots and lanes, rings, active alarms. Pure text. */
final class StatusScreen {
    /** ANSI: cursor home, clear screen; the view redraws in place. */
    static final String CLEAR = "\033[H\033[2J";

    private StatusScreen() {
    }

    static String render(BoardState s, String target) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "lightkeeper %s   t=%.3f s   board %.2f C%n", target, s.getSampledAtNs() / 1e9,
                s.getBoardTemperatureC()));
        for (ElsSlotState e : s.getElsSlotsList()) {
            b.append(String.format(Locale.ROOT, "%nELS slot %d  %s  module %.2f C  %s%n", e.getSlot(),
                    e.getState().name().replace("ELS_STATE_", ""), e.getModuleTemperatureC(), e.getReason()));
            b.append("  lane  state    bias mA  power mW  health\n");
            for (LaneState l : e.getLanesList()) {
                b.append(String.format(Locale.ROOT, "  %4d  %-7s  %7.1f  %8.2f  %s%n", l.getLane(),
                        l.getStatus().name().replace("LANE_STATUS_", ""), l.getBiasMa(), l.getPowerMw(),
                        l.getHealth().name().replace("LANE_HEALTH_", "")));
            }
        }
        b.append("\nring  state     lane  heater mW  detuning pm  monitor uA\n");
        long locked = 0;
        for (RingState r : s.getRingsList()) {
            String st = r.getLockState().name().replace("RING_LOCK_STATE_", "");
            locked += st.equals("LOCKED") ? 1 : 0;
            b.append(String.format(Locale.ROOT, "%4d  %-8s  %4s  %9.3f  %11.2f  %10.2f%n", r.getRing(), st,
                    r.getAssignedLane() < 0 ? "-" : Integer.toString(r.getAssignedLane()), r.getHeaterPowerMw(),
                    r.getDetuningPm(), r.getMonitorUa()));
        }
        b.append(String.format(Locale.ROOT, "%d/%d rings locked%n", locked, s.getRingsCount()));
        long active = s.getAlarmsList().stream().filter(AlarmFlag::getActive).count();
        b.append(String.format(Locale.ROOT, "%nalarms: %d active%n", active));
        for (AlarmFlag a : s.getAlarmsList()) {
            if (a.getActive()) {
                b.append(String.format(Locale.ROOT, "  %s %s %s value %.3f%n",
                        a.getSeverity().name().replace("SEVERITY_", ""),
                        a.getSubject().getQuantity().name().replace("QUANTITY_", ""),
                        a.getKind().name().replace("FLAG_KIND_", ""), a.getValue()));
            }
        }
        return b.toString();
    }
}
