package org.lightkeeper.firmware.scenario;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lightkeeper.hal.board.BoardFileException;
import org.lightkeeper.hal.board.ConfigNode;

/**
 * A scenario file (docs/scenarios.md): a board, a seed, a duration and a timeline of faults and
 * disturbances, run against the full firmware on virtual time. Parsed strictly, like a board file:
 * every fault is {@code file:line: what is wrong}.
 */
public record Scenario(String name, String board, Long seed, long durationNs, List<ScenarioEvent> events) {
    private static final long NS_PER_S = 1_000_000_000L;

    public static Scenario load(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file.toString(), r);
        } catch (IOException e) {
            throw new BoardFileException(file.toString(), 0, "cannot read: " + e.getMessage());
        }
    }

    public static Scenario parse(String file, Reader reader) {
        ConfigNode top = ConfigNode.parse(file, reader);
        String name = top.string("scenario");
        String board = top.string("board", "devkit");
        Long seed = top.has("seed") ? top.longInteger("seed", 0) : null;
        long duration = seconds(top, "duration_s", 0.001, 1e6);
        List<ScenarioEvent> events = new ArrayList<>();
        for (ConfigNode e : top.list("events", true)) {
            events.add(event(e, duration));
        }
        events.sort((a, b) -> Long.compare(a.atNs(), b.atNs()));
        top.requireNoUnknownKeys();
        return new Scenario(name, board, seed, duration, List.copyOf(events));
    }

    private static long seconds(ConfigNode n, String key, double min, double max) {
        return Math.round(n.number(key, min, max) * NS_PER_S);
    }

    private static ScenarioEvent event(ConfigNode e, long duration) {
        long at = seconds(e, "at_s", 0, 1e6);
        if (at > duration) {
            throw e.error("at_s", "event at " + at / 1e9 + " s is after the end of the scenario (" + duration / 1e9 + " s)");
        }
        String f = e.string("fault");
        ScenarioEvent.Kind kind;
        try {
            kind = ScenarioEvent.Kind.valueOf(f.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            StringBuilder known = new StringBuilder();
            for (ScenarioEvent.Kind k : ScenarioEvent.Kind.values()) {
                known.append(known.length() == 0 ? "" : ", ").append(k.name().toLowerCase(Locale.ROOT));
            }
            throw e.error("fault", "unknown fault '" + f + "' (known: " + known + ")");
        }
        int slot = 0;
        int lane = 0;
        int ring = 0;
        double value = 0;
        long dur = 0;
        String bus = null;
        switch (kind) {
            case ELS_PULL, ELS_INSERT -> slot = e.integer("slot", 0, 63);
            case LASER_DEATH -> {
                slot = e.integer("slot", 0, 63);
                lane = e.integer("lane", 0, 7);
            }
            case LASER_AGEING -> {
                slot = e.integer("slot", 0, 63);
                lane = e.integer("lane", 0, 7);
                value = e.number("fraction", 0, 1);
            }
            case HEATER_OPEN, HEATER_REPAIR, MONITOR_DEAD, MONITOR_REPAIR -> ring = e.integer("ring", 0, 1 << 20);
            case DIE_RAMP, AMBIENT_RAMP -> {
                value = e.number("delta_k", -100, 100);
                dur = seconds(e, "duration_s", 0, 1e6);
            }
            case ASIC_POWER_STEP -> {
                value = e.number("delta_k", -100, 100);
                dur = seconds(e, "tau_s", 1e-6, 1e6);
            }
            case BUS_NAK_RATE -> {
                bus = e.string("bus");
                value = e.number("rate", 0, 1);
            }
            case BUS_STUCK, BUS_RELEASE -> bus = e.string("bus");
            case DEVICE_VANISH, DEVICE_RETURN -> {
                bus = e.string("bus");
                ring = e.integer("address", 0x03, 0x77);
            }
            default -> throw new IllegalStateException(kind.name());
        }
        e.requireNoUnknownKeys();
        return new ScenarioEvent(at, kind, slot, lane, ring, value, dur, bus, e.line());
    }
}
