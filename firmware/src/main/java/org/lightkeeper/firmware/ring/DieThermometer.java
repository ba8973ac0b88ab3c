package org.lightkeeper.firmware.ring;

import org.lightkeeper.hal.board.BoardDrivers;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;
import org.lightkeeper.hal.chip.eic.Eic;

/**
 * The die temperature of one engine, for the die-temperature feed-forward: the DIE_TEMP register of
 * the EIC that drives every heater of the engine (docs/eic-regmap.md; the EIC is bonded to the
 * photonic die, so it follows the rings within milliseconds). An engine whose heaters sit on a
 * discrete DAC has none: the board's TMP117 reads the board, not the die, and through a thermal
 * path of seconds a feed-forward from it would lag the very ramps it is meant to anticipate.
 */
public final class DieThermometer {
    private final Eic eic;

    private DieThermometer(Eic eic) {
        this.eic = eic;
    }

    /** The engine's die thermometer, or null when its heaters are not all on one EIC. */
    public static DieThermometer of(EngineSpec spec, BoardDrivers drivers) {
        Eic found = null;
        for (RingSpec r : spec.rings()) {
            Object chip = drivers.get(r.heaterDac(), Object.class);
            if (!(chip instanceof Eic eic) || (found != null && found != eic)) {
                return null;
            }
            found = eic;
        }
        return found == null ? null : new DieThermometer(found);
    }

    /** One DIE_TEMP read (a 5-byte SPI frame), degC. */
    public double readC() {
        return eic.readDieTemperatureC();
    }
}
