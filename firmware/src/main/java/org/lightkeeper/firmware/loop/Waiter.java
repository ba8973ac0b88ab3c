package org.lightkeeper.firmware.loop;

/** How the scheduler gets to the next due time: jump (virtual time), sleep (real time), or both (paced). */
public interface Waiter {
    void waitUntil(long tNanos);
}
