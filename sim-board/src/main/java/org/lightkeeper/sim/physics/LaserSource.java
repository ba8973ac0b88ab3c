package org.lightkeeper.sim.physics;

/** The comb feeding a waveguide: per lane, the optical power leaving the source and its wavelength, now. */
public interface LaserSource {
    int lanes();

    double powerMw(int lane);

    double wavelengthNm(int lane);
}
