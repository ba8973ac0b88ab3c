package org.lightkeeper.firmware.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.safety.LaserInterlock.PathStatus;

class LaserInterlockTest {
    private static void blocked(PathStatus p, String reason) {
        assertEquals(0, LaserInterlock.allowedLanes(p), "every lane dark for: " + reason);
        assertEquals(reason, LaserInterlock.blockedBecause(p));
    }

    @Test
    void allConditionsMetAllowsEveryLane() {
        PathStatus ok = new PathStatus(true, true, true, false);
        assertEquals(0xFF, LaserInterlock.allowedLanes(ok));
        assertNull(LaserInterlock.blockedBecause(ok));
    }

    @Test
    void moduleNotReadyAloneBlocks() {
        blocked(new PathStatus(false, true, true, false), "ELS module not ready");
    }

    @Test
    void engineUnpoweredAloneBlocks() {
        blocked(new PathStatus(true, false, true, false), "an engine fed by this ELS is absent or unpowered");
    }

    @Test
    void fibreCheckFailedAloneBlocks() {
        blocked(new PathStatus(true, true, false, false), "fibre check failed");
    }

    @Test
    void criticalAlarmAloneBlocks() {
        blocked(new PathStatus(true, true, true, true), "critical alarm on this light path");
    }
}
