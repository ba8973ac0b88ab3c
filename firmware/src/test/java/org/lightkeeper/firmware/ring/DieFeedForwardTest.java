package org.lightkeeper.firmware.ring;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lightkeeper.firmware.bench.DieRampComparison;
import org.lightkeeper.hal.board.BoardFile;
import org.lightkeeper.hal.board.BoardSpec;

/**
 * The die-temperature feed-forward on ref-51t2 (an EIC die sensor per engine), on ground truth: two
 * identical boards from the same seed take the same 10 K/s die ramp, one with the feed-forward and one
 * without ({@link DieRampComparison}); the rings of the first stay closer to their lines. The devkit
 * has no die sensor.
 */
class DieFeedForwardTest {
    private static final long MS = 1_000_000L;

    @Test
    void aTenKelvinPerSecondRampLeavesRingsCloserToTheirLinesWithFeedForward() {
        BoardSpec spec = BoardFile.load("ref-51t2");
        DieRampComparison.Result r = DieRampComparison.run(spec, 3_500 * MS, 2_000 * MS, 20.0);
        String figures = r.format("ref-51t2", 10, 20);
        System.out.println(figures);
        DieRampComparison.Figures with = r.with();
        DieRampComparison.Figures without = r.without();
        assertTrue(without.meanLagPm() > 1, "the ramp runs ahead of the trackers without feed-forward: " + figures);
        // The worst rings of both runs are disturbed by their neighbours' acquisitions, not by the die:
        // the feed-forward is judged on the typical ring, and must not make the worst one worse by much.
        assertTrue(Math.abs(with.meanLagPm()) < Math.abs(without.meanLagPm()) / 2, figures);
        // The median ring's worst (4.6-4.7 pm either way since lost rings no longer fine-sweep beside it) is
        // its dither and noise, not the lag: the feed-forward shows in the tail, where rings without it lag.
        assertTrue(with.p90Pm() < without.p90Pm(), figures);
        assertTrue(with.medianPm() < without.medianPm() * 1.25, figures);
        assertTrue(with.worstPm() < without.worstPm() * 1.2, figures);
        // Not zero either way (issue #5's target is not met; docs/benchmarks.md): the feed-forward must not add more than a tenth.
        assertTrue(with.losses() <= without.losses() + without.losses() / 10, figures);
    }
}
