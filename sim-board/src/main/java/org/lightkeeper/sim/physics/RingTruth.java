package org.lightkeeper.sim.physics;

/**
 * Ground truth of one ring, for tests and benchmarks only (the firmware never sees this): the
 * resonance order nearest any laser line, that line, and the detuning resonance minus line.
 */
public record RingTruth(int ring, double resonanceNm, int nearestLane, double detuningPm, double fwhmPm) {
}
