package org.lightkeeper.firmware.persist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deterministic documents for the tests; {@code variant} changes every value. */
final class Samples {
    private Samples() {
    }

    static Calibration calibration(int variant) {
        List<Calibration.Els> els = new ArrayList<>();
        for (int slot = 0; slot < 2; slot++) {
            List<Calibration.LaneBias> lanes = new ArrayList<>();
            for (int lane = 0; lane < 8; lane++) {
                lanes.add(new Calibration.LaneBias(lane, 150.0 + variant + lane * 0.25 + slot * 0.125));
            }
            els.add(new Calibration.Els(slot, "ACME Photonics", "SN" + (1000 + slot) + "-v" + variant, lanes));
        }
        List<Calibration.Engine> engines = new ArrayList<>();
        for (int e = 0; e < 2; e++) {
            List<Calibration.Ring> rings = new ArrayList<>();
            List<Calibration.Coupling> coupling = new ArrayList<>();
            for (int r = 0; r < 16; r++) {
                LaneKey lane = r == 15 ? null : new LaneKey(e, r % 8);
                rings.add(new Calibration.Ring(r, 12.5 + variant + r * 0.1 + e / 3.0, lane, 6.4 + r * 1e-3,
                        0.25 - variant * 1e-4));
                if (r > 0) {
                    coupling.add(new Calibration.Coupling(r, r - 1, (50 + variant) / 1000.0));
                    coupling.add(new Calibration.Coupling(r - 1, r, -0.0125));
                }
            }
            engines.add(new Calibration.Engine(e, rings, coupling));
        }
        return new Calibration(els, engines);
    }

    static Configuration config(int variant) {
        List<Configuration.Lane> lanes = new ArrayList<>();
        for (int slot = 0; slot < 2; slot++) {
            for (int lane = 0; lane < 8; lane++) {
                lanes.add(new Configuration.Lane(new LaneKey(slot, lane), (lane + variant) % 3 != 0,
                        20.0 + variant + lane * 0.5));
            }
        }
        List<Configuration.RingTarget> targets = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            targets.add(new Configuration.RingTarget(new RingKey(0, r), r % 2 == 0 ? 1.0 : 0.5 + variant * 0.01));
        }
        Map<String, Configuration.Thresholds> t = new LinkedHashMap<>();
        t.put("laser-bias-ma", new Configuration.Thresholds(300, 280, 60 + variant, 50, 2.5));
        t.put("die-temperature-c", new Configuration.Thresholds(105, 95, -5, -10, 1));
        return new Configuration(lanes, targets, t);
    }
}
