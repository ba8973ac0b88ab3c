package org.lightkeeper.firmware.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.Firmware;
import org.lightkeeper.firmware.alarm.AlarmFlag;
import org.lightkeeper.firmware.alarm.FlagKind;
import org.lightkeeper.firmware.alarm.Quantity;
import org.lightkeeper.firmware.alarm.Subject;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.VirtualClock;

/** The Prometheus endpoint scraped over HTTP on loopback, against the devkit board after lock. */
class MetricsEndpointTest {
    private static double value(String body, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
        assertTrue(m.find(), "no series " + series + " in\n" + body);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void scrapeShowsLockStateHeaterLaserTemperaturesAndLoopTiming() throws Exception {
        BoardSpec spec = BoardFile.load("devkit");
        VirtualClock clock = new VirtualClock();
        Firmware fw = new Firmware(spec, SimBoard.build(spec, clock), clock);
        fw.runUntil(2_000_000_000L, clock::advanceTo);

        try (MetricsEndpoint ep = MetricsEndpoint.start("127.0.0.1", 0, fw::snapshot)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ep.port() + "/metrics"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
            String body = r.body();

            assertTrue(body.contains("# TYPE lightkeeper_ring_locked gauge"), body);
            for (int ring = 0; ring < 16; ring++) {
                assertEquals(1.0, value(body, "lightkeeper_ring_locked{engine=\"0\",ring=\"" + ring + "\"}"));
            }
            assertEquals(1.0, value(body, "lightkeeper_ring_lock_state{engine=\"0\",ring=\"0\",state=\"locked\"}"));
            assertEquals(0.0, value(body, "lightkeeper_ring_lock_state{engine=\"0\",ring=\"0\",state=\"sweep\"}"));
            double heaterW = value(body, "lightkeeper_ring_heater_power_watts{engine=\"0\",ring=\"0\"}");
            assertEquals(fw.snapshot().rings().get(0).heaterMw() * 1e-3, heaterW, 1e-9);
            assertTrue(Math.abs(value(body, "lightkeeper_ring_detuning_meters{engine=\"0\",ring=\"0\"}")) < 100e-12);
            assertEquals(1.0, value(body, "lightkeeper_els_state{slot=\"0\",state=\"lanes_enabled\"}"));
            assertEquals(1.0, value(body, "lightkeeper_laser_lane_enabled{lane=\"0\",slot=\"0\"}"));
            assertTrue(value(body, "lightkeeper_laser_bias_amperes{lane=\"0\",slot=\"0\"}") > 1e-3);
            assertTrue(value(body, "lightkeeper_laser_power_watts{lane=\"0\",slot=\"0\"}") > 0);
            assertTrue(value(body, "lightkeeper_els_module_temperature_celsius{slot=\"0\"}") > 0);
            assertTrue(body.contains("# TYPE lightkeeper_loop_runs_total counter"), body);
            // 2 s at 2 kHz, within a few runs.
            assertEquals(4000, value(body, "lightkeeper_loop_runs_total{loop=\"rings\"}"), 10);
            assertTrue(value(body, "lightkeeper_loop_overruns_total{loop=\"rings\"}") >= 0);
            assertTrue(value(body, "lightkeeper_els_bus_errors_total{slot=\"0\"}") >= 0, body);
            assertTrue(value(body, "lightkeeper_els_bus_retries_total{slot=\"0\"}") >= 0, body);
            assertTrue(value(body, "lightkeeper_loop_max_run_seconds{loop=\"rings\"}") > 0);
            assertEquals(2.0, value(body, "lightkeeper_snapshot_sampled_at_seconds"), 0.02);
        }
    }

    @Test
    void alarmFlagsAreCountedBySeverityAndWhetherTheyAreNewAcknowledgedOrLatched() throws Exception {
        BoardSpec spec = BoardFile.load("devkit");
        VirtualClock clock = new VirtualClock();
        Firmware fw = new Firmware(spec, SimBoard.build(spec, clock), clock);
        fw.runUntil(200_000_000L, clock::advanceTo);
        Subject board = Subject.board(Quantity.BOARD_TEMPERATURE);
        List<AlarmFlag> flags = List.of(
                new AlarmFlag(board, FlagKind.HIGH_ALARM, true, 1, 0, 1, 90, 85, false, 0, ""),
                new AlarmFlag(board, FlagKind.HIGH_WARNING, true, 1, 0, 1, 90, 75, true, 2, "alice"),
                new AlarmFlag(Subject.slot(Quantity.MODULE_TEMPERATURE, 0), FlagKind.HIGH_WARNING, false, 1, 3, 2, 60,
                        70, false, 0, ""));
        try (MetricsEndpoint ep = MetricsEndpoint.start("127.0.0.1", 0, () -> fw.snapshot().withAlarms(flags))) {
            String body = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ep.port() + "/metrics"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertEquals(1.0, value(body, "lightkeeper_alarm_flags{severity=\"alarm\",state=\"new\"}"));
            assertEquals(0.0, value(body, "lightkeeper_alarm_flags{severity=\"alarm\",state=\"acknowledged\"}"));
            assertEquals(1.0, value(body, "lightkeeper_alarm_flags{severity=\"warning\",state=\"acknowledged\"}"));
            assertEquals(1.0, value(body, "lightkeeper_alarm_flags{severity=\"warning\",state=\"latched\"}"));
            assertEquals(0.0, value(body, "lightkeeper_alarm_flags{severity=\"warning\",state=\"new\"}"));
        }
    }
}
