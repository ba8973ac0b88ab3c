package org.lightkeeper.firmware.soak;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.alarm.AlarmFlag;
import org.lightkeeper.firmware.alarm.AlarmTable;
import org.lightkeeper.firmware.grpc.ManagementServices;
import org.lightkeeper.firmware.ring.EngineLock;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/**
 * One run of the firmware as a process would start it (Main on the simulated board): a new
 * {@link Firmware} on the shared board and clock, its management services (the alarm table and its
 * loop, whose critical alarms feed the laser interlock), then the state directory. A kill -9 is
 * modelled by the soak abandoning the instance: nothing of it is called again.
 */
final class FirmwareProcess {
    final Firmware fw;
    final ManagementServices services;
    final List<EngineLock> engines;
    final long startedNs;

    private FirmwareProcess(Firmware fw, ManagementServices services, long startedNs) {
        this.fw = fw;
        this.services = services;
        this.engines = fw.engines();
        this.startedNs = startedNs;
    }

    /** Starts a process; every alarm flag that sets or clears is handed to {@code alarmLog} (control thread). */
    static FirmwareProcess start(BoardSpec spec, SimBoard sim, VirtualClock clock, Path stateDir,
                                 java.util.function.Consumer<AlarmFlag> alarmLog) throws IOException {
        Firmware fw = new Firmware(spec, sim, clock);
        fw.useStateDirectory(stateDir); // first, as a process does: the management layer takes the stored thresholds
        ManagementServices services = new ManagementServices(fw, "soak");
        services.alarms().onChange(e -> {
            if (e.kind() != org.lightkeeper.firmware.alarm.FlagEvent.Kind.ACKNOWLEDGE) {
                alarmLog.accept(e.flag());
            }
        });
        return new FirmwareProcess(fw, services, clock.nanos());
    }

    AlarmTable alarms() {
        return services.alarms();
    }

    void runUntil(long t, VirtualClock clock) {
        fw.runUntil(t, clock::advanceTo);
    }
}
