package org.lightkeeper.firmware.ring;

import java.util.List;

/** Lane arithmetic on an ELS comb as its module reports it (frequencies from page 1Ah, GHz). */
final class ElsLanes {
    static final int LANES = 8;
    /** Speed of light, m/s: wavelength (nm) = C / frequency (GHz). */
    static final double C = 299_792_458.0;

    private ElsLanes() {
    }

    /** Lane indices in order of increasing wavelength (decreasing frequency). */
    static int[] byWavelength(List<Double> freqGhz) {
        Integer[] idx = new Integer[freqGhz.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(freqGhz.get(b), freqGhz.get(a)));
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    static double[] wavelengthsNm(List<Double> freqGhz) {
        double[] out = new double[freqGhz.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = C / freqGhz.get(i);
        }
        return out;
    }

    static double meanSpacingNm(List<Double> freqGhz, int[] order) {
        double[] l = wavelengthsNm(freqGhz);
        return (l[order[order.length - 1]] - l[order[0]]) / (order.length - 1);
    }
}
