package org.lightkeeper.firmware;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Warm restarts of the firmware inside this process (docs/persistence.md, "Warm restart"): the
 * management API asks ({@link #request}), the process's run loop sees the running firmware stop,
 * builds a new one on the same buses and state directory, which adopts the hardware as it is, and
 * serves again. Possible only where a new firmware has something to adopt from: a state directory
 * (calibration, heater journal); otherwise {@link #unavailable} says why.
 */
public final class WarmRestart {
    private final String unavailableWhy;
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile Firmware running;
    private volatile int done;

    private WarmRestart(String unavailableWhy) {
        this.unavailableWhy = unavailableWhy;
    }

    public static WarmRestart available() {
        return new WarmRestart(null);
    }

    public static WarmRestart unavailable(String why) {
        return new WarmRestart(why);
    }

    /** Null when warm restarts are possible here, else why not. */
    public String unavailableWhy() {
        return unavailableWhy;
    }

    /** The firmware now running, the one a request stops. */
    public void running(Firmware firmware) {
        this.running = firmware;
    }

    /**
     * Asks for a warm restart: the running firmware stops after its current loop run. Returns null when
     * accepted, else why not (unavailable, or one already under way). Any thread.
     */
    public String request() {
        if (unavailableWhy != null) {
            return unavailableWhy;
        }
        Firmware f = running;
        if (f == null) {
            return "the firmware is not running yet";
        }
        if (!requested.compareAndSet(false, true)) {
            return "a warm restart is already under way";
        }
        f.stop();
        return null;
    }

    /** True (once) when the firmware stopped because of a request; the run loop then restarts. */
    public boolean takeRequest() {
        if (requested.getAndSet(false)) {
            done++;
            return true;
        }
        return false;
    }

    /** Warm restarts made in this process. */
    public int count() {
        return done;
    }
}
