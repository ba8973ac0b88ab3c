package org.lightkeeper.firmware.ring;

/** Receives a diagnostic sweep point by point: heater power (mW) and monitor (mA); done() at the end. */
public interface SweepSink {
    void point(double heaterMw, double monitorMa);

    void done(String outcome);
}
