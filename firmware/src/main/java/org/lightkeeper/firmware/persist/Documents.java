package org.lightkeeper.firmware.persist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The firmware's documents: "config" and "calibration", format version 1, JSON payloads. */
public final class Documents {
    private Documents() {
    }

    public static final DocumentType<Configuration> CONFIG = new ConfigCodec();
    public static final DocumentType<Calibration> CALIBRATION = new CalibrationCodec();

    private static final class ConfigCodec implements DocumentType<Configuration> {
        @Override
        public String name() {
            return "config";
        }

        @Override
        public int formatVersion() {
            return 1;
        }

        @Override
        public String encode(Configuration c) {
            List<Object> lanes = new ArrayList<>();
            for (Configuration.Lane l : c.lanes()) {
                lanes.add(Json.obj("slot", l.lane().slot(), "lane", l.lane().lane(), "enabled", l.enabled(),
                        "powerSetpointMw", l.powerSetpointMw()));
            }
            List<Object> targets = new ArrayList<>();
            for (Configuration.RingTarget t : c.ringTargets()) {
                targets.add(Json.obj("engine", t.ring().engine(), "ring", t.ring().ring(),
                        "lockFraction", t.lockFraction()));
            }
            Map<String, Object> thresholds = new LinkedHashMap<>();
            for (Map.Entry<String, Configuration.Thresholds> e : c.thresholds().entrySet()) {
                Configuration.Thresholds t = e.getValue();
                thresholds.put(e.getKey(), Json.obj("highAlarm", orNull(t.highAlarm()), "highWarning",
                        orNull(t.highWarning()), "lowWarning", orNull(t.lowWarning()), "lowAlarm", orNull(t.lowAlarm()),
                        "hysteresis", t.hysteresis()));
            }
            return Json.write(Json.obj("lanes", lanes, "ringTargets", targets, "thresholds", thresholds));
        }

        @Override
        public Configuration decode(String payload) throws InvalidDocumentException {
            JsonFields root = JsonFields.root(payload);
            List<Configuration.Lane> lanes = new ArrayList<>();
            for (JsonFields o : root.objects("lanes")) {
                int slot = o.integer("slot");
                int lane = o.integer("lane");
                boolean enabled = o.bool("enabled");
                double power = o.number("powerSetpointMw");
                o.end();
                lanes.add(o.build(() -> new Configuration.Lane(new LaneKey(slot, lane), enabled, power)));
            }
            List<Configuration.RingTarget> targets = new ArrayList<>();
            for (JsonFields o : root.objects("ringTargets")) {
                int engine = o.integer("engine");
                int ring = o.integer("ring");
                double fraction = o.number("lockFraction");
                o.end();
                targets.add(o.build(() -> new Configuration.RingTarget(new RingKey(engine, ring), fraction)));
            }
            Map<String, Configuration.Thresholds> thresholds = new LinkedHashMap<>();
            for (Map.Entry<String, JsonFields> e : root.objectMap("thresholds").entrySet()) {
                JsonFields o = e.getValue();
                double ha = orNaN(o, "highAlarm");
                double hw = orNaN(o, "highWarning");
                double lw = orNaN(o, "lowWarning");
                double la = orNaN(o, "lowAlarm");
                double hy = o.number("hysteresis");
                o.end();
                thresholds.put(e.getKey(), o.build(() -> new Configuration.Thresholds(ha, hw, lw, la, hy)));
            }
            root.end();
            return root.build(() -> new Configuration(lanes, targets, thresholds));
        }
    }

    /** An unchecked threshold (NaN) is stored as null: JSON has no NaN. */
    private static Object orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static double orNaN(JsonFields o, String key) throws InvalidDocumentException {
        return o.isNull(key) ? Double.NaN : o.number(key);
    }

    private static final class CalibrationCodec implements DocumentType<Calibration> {
        @Override
        public String name() {
            return "calibration";
        }

        @Override
        public int formatVersion() {
            return 1;
        }

        @Override
        public String encode(Calibration c) {
            List<Object> els = new ArrayList<>();
            for (Calibration.Els e : c.els()) {
                List<Object> lanes = new ArrayList<>();
                for (Calibration.LaneBias l : e.lanes()) {
                    lanes.add(Json.obj("lane", l.lane(), "biasAtSetpointMa", l.biasAtSetpointMa()));
                }
                els.add(Json.obj("slot", e.slot(), "vendor", e.vendor(), "serial", e.serial(), "lanes", lanes));
            }
            List<Object> engines = new ArrayList<>();
            for (Calibration.Engine e : c.engines()) {
                List<Object> rings = new ArrayList<>();
                for (Calibration.Ring r : e.rings()) {
                    LaneKey a = r.assignedLane();
                    Map<String, Object> ring = new LinkedHashMap<>(Json.obj("ring", r.ring(), "heaterPowerAtLockMw", r.heaterPowerAtLockMw(),
                            "assignedLane", a == null ? null : Json.obj("slot", a.slot(), "lane", a.lane()),
                            "fsrNm", r.fsrNm(), "nmPerMw", r.nmPerMw()));
                    Calibration.Resonance res = r.resonance();
                    if (res != null) {
                        ring.put("resonance", Json.obj("peakMa", res.peakMa(), "halfWidthMw", res.halfWidthMw()));
                    }
                    Calibration.IdleLine idle = r.idleLine();
                    if (idle != null) {
                        ring.put("idleLine", Json.obj("lane", idle.lane(), "aboveMw", idle.aboveMw()));
                    }
                    rings.add(ring);
                }
                List<Object> coupling = new ArrayList<>();
                for (Calibration.Coupling k : e.coupling()) {
                    coupling.add(List.of(k.victim(), k.aggressor(), k.fraction()));
                }
                engines.add(Json.obj("engine", e.engine(), "rings", rings, "coupling", coupling));
            }
            return Json.write(Json.obj("els", els, "engines", engines));
        }

        @Override
        public Calibration decode(String payload) throws InvalidDocumentException {
            JsonFields root = JsonFields.root(payload);
            List<Calibration.Els> els = new ArrayList<>();
            for (JsonFields o : root.objects("els")) {
                int slot = o.integer("slot");
                String vendor = o.string("vendor");
                String serial = o.string("serial");
                List<Calibration.LaneBias> lanes = new ArrayList<>();
                for (JsonFields l : o.objects("lanes")) {
                    int lane = l.integer("lane");
                    double bias = l.number("biasAtSetpointMa");
                    l.end();
                    lanes.add(l.build(() -> new Calibration.LaneBias(lane, bias)));
                }
                o.end();
                els.add(o.build(() -> new Calibration.Els(slot, vendor, serial, lanes)));
            }
            List<Calibration.Engine> engines = new ArrayList<>();
            for (JsonFields o : root.objects("engines")) {
                int engine = o.integer("engine");
                List<Calibration.Ring> rings = new ArrayList<>();
                for (JsonFields r : o.objects("rings")) {
                    int ring = r.integer("ring");
                    double heater = r.number("heaterPowerAtLockMw");
                    LaneKey assigned = null;
                    if (!r.isNull("assignedLane")) {
                        JsonFields a = r.object("assignedLane");
                        int slot = a.integer("slot");
                        int lane = a.integer("lane");
                        a.end();
                        assigned = a.build(() -> new LaneKey(slot, lane));
                    }
                    double fsr = r.number("fsrNm");
                    double eff = r.number("nmPerMw");
                    Calibration.Resonance resonance = null;
                    // Optional: documents written before the resonance was kept have no such field.
                    if (r.has("resonance") && !r.isNull("resonance")) {
                        JsonFields q = r.object("resonance");
                        double peak = q.number("peakMa");
                        double half = q.number("halfWidthMw");
                        q.end();
                        resonance = q.build(() -> new Calibration.Resonance(peak, half));
                    }
                    Calibration.IdleLine idleLine = null;
                    // Optional: documents written before idle rings were held between lines have none.
                    if (r.has("idleLine") && !r.isNull("idleLine")) {
                        JsonFields q = r.object("idleLine");
                        int idleLane = q.integer("lane");
                        double above = q.number("aboveMw");
                        q.end();
                        idleLine = q.build(() -> new Calibration.IdleLine(idleLane, above));
                    }
                    r.end();
                    LaneKey lane = assigned;
                    Calibration.Resonance res = resonance;
                    Calibration.IdleLine idle = idleLine;
                    rings.add(r.build(() -> new Calibration.Ring(ring, heater, lane, fsr, eff, res, idle)));
                }
                List<Calibration.Coupling> coupling = new ArrayList<>();
                List<Object> triples = o.array("coupling");
                for (int i = 0; i < triples.size(); i++) {
                    String p = o.at("coupling") + "[" + i + "]";
                    if (!(triples.get(i) instanceof List<?> t) || t.size() != 3) {
                        throw new InvalidDocumentException(p + ": expected [victim, aggressor, fraction], got "
                                + JsonFields.describe(triples.get(i)));
                    }
                    int victim = JsonFields.toInt(t.get(0), p + "[0]");
                    int aggressor = JsonFields.toInt(t.get(1), p + "[1]");
                    double fraction = JsonFields.toDouble(t.get(2), p + "[2]");
                    coupling.add(JsonFields.build(p, () -> new Calibration.Coupling(victim, aggressor, fraction)));
                }
                o.end();
                engines.add(o.build(() -> new Calibration.Engine(engine, rings, coupling)));
            }
            root.end();
            return root.build(() -> new Calibration(els, engines));
        }
    }
}
