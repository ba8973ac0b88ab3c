package org.lightkeeper.sim.physics;

import org.lightkeeper.hal.board.ConfigNode;

/**
 * The simulator's physical parameters, from the {@code physics:} section of a board file. Defaults
 * and ranges follow DESIGN.md section 2; each value's source is given there and in docs/physics.md.
 */
public record PhysicsParams(
        long seed,
        double ambientC,
        double dieC,
        double firstResonanceNm,
        double designSpacingNm,
        double fsrNm,
        double fsrSpread,
        double localSpreadNm,
        double globalOffsetNm,
        double fwhmNm,
        double dropFraction,
        double thermoOpticPmPerK,
        double heaterEfficiencyNmPerMw,
        double heaterEfficiencySpread,
        double heaterTauUs,
        double neighbourCoupling,
        double pdResponsivityAPerW,
        double pdNoiseUa,
        double elsFirstLaneGhz,
        double elsSpacingGhz,
        double elsLanePowerMw,
        long elsInitMs,
        long elsPowerUpMs,
        long elsLaneRampMs,
        double laserPmPerK,
        double tecRippleK,
        double tecRipplePeriodS) {

    /** The same physics drawn from another seed (scenarios and Monte Carlo runs). */
    public PhysicsParams withSeed(long newSeed) {
        return new PhysicsParams(newSeed, ambientC, dieC, firstResonanceNm, designSpacingNm, fsrNm, fsrSpread,
                localSpreadNm, globalOffsetNm, fwhmNm, dropFraction, thermoOpticPmPerK, heaterEfficiencyNmPerMw,
                heaterEfficiencySpread, heaterTauUs, neighbourCoupling, pdResponsivityAPerW, pdNoiseUa, elsFirstLaneGhz,
                elsSpacingGhz, elsLanePowerMw, elsInitMs, elsPowerUpMs, elsLaneRampMs, laserPmPerK, tecRippleK,
                tecRipplePeriodS);
    }

    public static PhysicsParams from(ConfigNode p) {
        ConfigNode r = p.map("rings");
        ConfigNode e = p.map("els");
        PhysicsParams params = new PhysicsParams(
                p.longInteger("seed", 1),
                p.number("ambient_c", -40, 85, 25),
                p.number("die_c", -40, 125, 50),
                r.number("first_resonance_nm", 1200, 1700),
                r.number("design_spacing_nm", 0.05, 20),
                r.number("fsr_nm", 1, 50),
                r.number("fsr_spread", 0, 0.1, 0.01),
                r.number("local_spread_nm", 0, 10, 2),
                r.number("global_offset_nm", 0, 50, 15),
                r.number("fwhm_nm", 0.01, 5, 0.25),
                r.number("drop_fraction", 0, 1, 0.9),
                r.number("thermo_optic_pm_per_k", 1, 200, 57),
                r.number("heater_efficiency_nm_per_mw", 0.01, 5, 0.25),
                r.number("heater_efficiency_spread", 0, 0.5, 0.1),
                r.number("heater_tau_us", 0.1, 10_000, 20),
                r.number("neighbour_coupling", 0, 0.5, 0.1),
                r.number("pd_responsivity_a_per_w", 0.001, 2, 0.02),
                r.number("pd_noise_ua", 0, 100, 0.02),
                e.number("first_lane_ghz", 150_000, 260_000),
                e.number("spacing_ghz", -2000, 2000, -200),
                e.number("lane_power_mw", 0, 1000, 20),
                e.integer("init_ms", 0, 60_000, 200),
                e.integer("power_up_ms", 0, 600_000, 1000),
                e.integer("lane_ramp_ms", 0, 60_000, 50),
                e.number("laser_pm_per_k", 0, 1000, 100),
                e.number("tec_ripple_k", 0, 10, 0.02),
                e.number("tec_ripple_period_s", 0.001, 1e6, 3));
        r.requireNoUnknownKeys();
        e.requireNoUnknownKeys();
        p.requireNoUnknownKeys();
        return params;
    }
}
