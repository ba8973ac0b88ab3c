package org.lightkeeper.firmware.ring;

import java.util.ArrayList;
import java.util.List;
import org.lightkeeper.hal.board.BoardDrivers;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;
import org.lightkeeper.hal.chip.Ads8688;

/**
 * The monitor photodiodes of one engine, read through their TIAs by ADS8688s in auto-sequence mode:
 * one AUTO_RST and one frame per channel per ADC, every ring in a few tens of microseconds.
 * Allocation-free after construction.
 */
public final class MonitorBank {
    private final Ads8688[] adcs;
    private final int[][] codes;        // per ADC, by position in its sequence
    private final int[] adcOfRing;
    private final int[] slotOfRing;     // position of the ring's channel in its ADC's sequence
    private final int[] masks;
    private final Ads8688.Range range;
    private final double tiaKohm;

    public MonitorBank(EngineSpec spec, BoardDrivers drivers) {
        List<RingSpec> rs = spec.rings();
        List<Ads8688> distinct = new ArrayList<>();
        adcOfRing = new int[rs.size()];
        slotOfRing = new int[rs.size()];
        int[] maskBuild = new int[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            Ads8688 adc = drivers.get(rs.get(i).monitorAdc(), Ads8688.class);
            if (!distinct.contains(adc)) {
                distinct.add(adc);
            }
            adcOfRing[i] = distinct.indexOf(adc);
            maskBuild[adcOfRing[i]] |= 1 << rs.get(i).monitorChannel();
        }
        adcs = distinct.toArray(new Ads8688[0]);
        masks = new int[adcs.length];
        codes = new int[adcs.length][];
        for (int a = 0; a < adcs.length; a++) {
            masks[a] = maskBuild[a];
            codes[a] = new int[Integer.bitCount(masks[a])];
        }
        for (int i = 0; i < rs.size(); i++) {
            int ch = rs.get(i).monitorChannel();
            slotOfRing[i] = Integer.bitCount(masks[adcOfRing[i]] & ((1 << ch) - 1));
        }
        range = rangeFor(spec.optics().adcFullScaleV());
        tiaKohm = spec.optics().tiaGainKohm();
    }

    static Ads8688.Range rangeFor(double fullScaleV) {
        for (Ads8688.Range r : Ads8688.Range.values()) {
            if (r.minVolts() == 0 && Math.abs(r.maxVolts() - fullScaleV) < 1e-9) {
                return r;
            }
        }
        throw new IllegalArgumentException("no ADS8688 unipolar range of " + fullScaleV + " V (use 5.12 or 10.24)");
    }

    public void init() {
        for (int a = 0; a < adcs.length; a++) {
            adcs[a].reset();
            for (int ch = 0; ch < Ads8688.CHANNELS; ch++) {
                if ((masks[a] & (1 << ch)) != 0) {
                    adcs[a].setRange(ch, range);
                }
            }
            adcs[a].configureAutoSequence(masks[a]);
        }
    }

    /** Reads every monitor; {@code outMa[i]} is ring i's photocurrent in milliamperes. */
    public void read(double[] outMa) {
        for (int a = 0; a < adcs.length; a++) {
            adcs[a].readAutoSequence(codes[a]);
        }
        for (int i = 0; i < outMa.length; i++) {
            outMa[i] = Ads8688.voltsFor(range, codes[adcOfRing[i]][slotOfRing[i]]) / tiaKohm; // V / kohm = mA
        }
    }
}
