package org.lightkeeper.firmware.ring;

/** Lock state of one ring (DESIGN.md section 3). */
public enum RingLockState {
    IDLE, SWEEP, ARBITRATE, ACQUIRE, LOCKED, LOST, FAILED
}
