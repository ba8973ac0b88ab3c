package org.lightkeeper.firmware.alarm;

/**
 * One latched flag as published: set once its condition is seen, kept (inactive, with its clear
 * time) after it clears until acknowledged. Immutable.
 *
 * @param setAtNs          firmware clock at the last set, ns
 * @param clearedAtNs      firmware clock at the last clear, ns; 0 while never cleared
 * @param changeCount      sets plus clears since start
 * @param value            value at the last change, in the quantity's unit
 * @param threshold        threshold crossed, in the quantity's unit
 * @param acknowledged     an operator acknowledged it since it last set
 * @param acknowledgedAtNs firmware clock at that acknowledgement, ns; 0 while unacknowledged
 * @param acknowledgedBy   who acknowledged (principal name); empty while unacknowledged
 */
public record AlarmFlag(Subject subject, FlagKind kind, boolean active, long setAtNs, long clearedAtNs,
                        long changeCount, double value, double threshold, boolean acknowledged, long acknowledgedAtNs,
                        String acknowledgedBy) {
}
