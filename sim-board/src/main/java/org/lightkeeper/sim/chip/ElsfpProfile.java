package org.lightkeeper.sim.chip;

import org.lightkeeper.hal.chip.cmis.ElsfpMap;

/**
 * What one emulated ELSFP module is: identity, wavelength comb, DFB laser L-I parameters and timing.
 * Immutable; derive variants with {@link #toBuilder()}.
 *
 * @param laneFrequenciesGhz eight lane frequencies (reported in 5 GHz units, so round to 5 GHz)
 * @param thresholdMa        DFB threshold current; P = slope * (I - Ith) above it
 * @param slopeWPerA         DFB slope efficiency (W/A, equal to mW/mA)
 * @param defaultPowerMw     power setpoint after reset, per lane
 * @param maxBiasMa          bias limit of the module's drivers (APC saturates here)
 * @param initMs             MgmtInit duration after power-on or reset
 * @param powerUpMs          ModulePwrUp duration
 * @param powerDownMs        ModulePwrDn duration
 * @param laneRampMs         lane output ramp after enable
 * @param laneOffMs          lane output ramp down after disable, during which the lane state reads RAMPING (code 1:
 *                           the ELSFP lane state has one "ramping" code for either way, page 1Ah bytes 221-222); how long
 *                           a module takes is its own (assumed: not a figure from a datasheet). 0: off at once, the
 *                           generic module's; a slow module, or a lane stuck lit, is this made long
 */
public record ElsfpProfile(String vendorName, String vendorPartNumber, String vendorSerialNumber,
                           double[] laneFrequenciesGhz, double thresholdMa, double slopeWPerA,
                           double defaultPowerMw, double maxBiasMa, long initMs, long powerUpMs,
                           long powerDownMs, long laneRampMs, long laneOffMs, double temperatureC) {

    public ElsfpProfile {
        checkAscii("vendor name", vendorName);
        checkAscii("vendor part number", vendorPartNumber);
        checkAscii("vendor serial number", vendorSerialNumber);
        if (laneFrequenciesGhz == null || laneFrequenciesGhz.length != ElsfpMap.LANES_PER_BANK) {
            throw new IllegalArgumentException("need " + ElsfpMap.LANES_PER_BANK + " lane frequencies");
        }
        laneFrequenciesGhz = laneFrequenciesGhz.clone();
        for (double f : laneFrequenciesGhz) {
            if (!(f > 0 && f <= 0xFFFF * ElsfpMap.FREQUENCY_LSB_GHZ)) {
                throw new IllegalArgumentException("lane frequency out of the 16-bit 5 GHz field: " + f + " GHz");
            }
        }
        if (!(thresholdMa >= 0) || !(slopeWPerA > 0) || !(defaultPowerMw >= 0) || !(maxBiasMa > thresholdMa)) {
            throw new IllegalArgumentException("laser parameters: need threshold >= 0, slope > 0, power >= 0,"
                    + " max bias > threshold");
        }
        if (initMs < 0 || powerUpMs < 0 || powerDownMs < 0 || laneRampMs < 0 || laneOffMs < 0) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    private static void checkAscii(String what, String s) {
        if (s == null || s.length() > 16 || !s.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException(what + " must be 0-16 printable ASCII characters, got " + s);
        }
    }

    @Override
    public double[] laneFrequenciesGhz() {
        return laneFrequenciesGhz.clone();
    }

    public double laneFrequencyGhz(int lane) {
        return laneFrequenciesGhz[lane];
    }

    /**
     * A generic 8-lane comb module: lanes at {@code firstLaneGhz + n * spacingGhz}, 20 mW per lane,
     * DFB threshold 20 mA and slope 0.3 W/A (DESIGN section 2, assumed), 200 mA bias limit, MgmtInit
     * 200 ms, PwrUp 1 s, PwrDn 100 ms, lane ramp 50 ms, lanes off at once, 45 degC.
     */
    public static ElsfpProfile generic8Lane(double firstLaneGhz, double spacingGhz) {
        double[] f = new double[ElsfpMap.LANES_PER_BANK];
        for (int i = 0; i < f.length; i++) {
            f[i] = firstLaneGhz + i * spacingGhz;
        }
        return new ElsfpProfile("LIGHTKEEPER SIM", "ELSFP-8L-SIM", "SIM0000001", f, 20.0, 0.3, 20.0, 200.0,
                200, 1000, 100, 50, 0, 45.0);
    }

    public static Builder builder() {
        return generic8Lane(228_670, 200).toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable copy of a profile; {@link #build()} validates. */
    public static final class Builder {
        private String vendorName;
        private String vendorPartNumber;
        private String vendorSerialNumber;
        private double[] laneFrequenciesGhz;
        private double thresholdMa;
        private double slopeWPerA;
        private double defaultPowerMw;
        private double maxBiasMa;
        private long initMs;
        private long powerUpMs;
        private long powerDownMs;
        private long laneRampMs;
        private long laneOffMs;
        private double temperatureC;

        private Builder(ElsfpProfile p) {
            vendorName = p.vendorName;
            vendorPartNumber = p.vendorPartNumber;
            vendorSerialNumber = p.vendorSerialNumber;
            laneFrequenciesGhz = p.laneFrequenciesGhz.clone();
            thresholdMa = p.thresholdMa;
            slopeWPerA = p.slopeWPerA;
            defaultPowerMw = p.defaultPowerMw;
            maxBiasMa = p.maxBiasMa;
            initMs = p.initMs;
            powerUpMs = p.powerUpMs;
            powerDownMs = p.powerDownMs;
            laneRampMs = p.laneRampMs;
            laneOffMs = p.laneOffMs;
            temperatureC = p.temperatureC;
        }

        public Builder vendorName(String v) { vendorName = v; return this; }
        public Builder vendorPartNumber(String v) { vendorPartNumber = v; return this; }
        public Builder vendorSerialNumber(String v) { vendorSerialNumber = v; return this; }
        public Builder laneFrequenciesGhz(double... v) { laneFrequenciesGhz = v.clone(); return this; }
        public Builder thresholdMa(double v) { thresholdMa = v; return this; }
        public Builder slopeWPerA(double v) { slopeWPerA = v; return this; }
        public Builder defaultPowerMw(double v) { defaultPowerMw = v; return this; }
        public Builder maxBiasMa(double v) { maxBiasMa = v; return this; }
        public Builder initMs(long v) { initMs = v; return this; }
        public Builder powerUpMs(long v) { powerUpMs = v; return this; }
        public Builder powerDownMs(long v) { powerDownMs = v; return this; }
        public Builder laneRampMs(long v) { laneRampMs = v; return this; }
        public Builder laneOffMs(long v) { laneOffMs = v; return this; }
        public Builder temperatureC(double v) { temperatureC = v; return this; }

        public ElsfpProfile build() {
            return new ElsfpProfile(vendorName, vendorPartNumber, vendorSerialNumber, laneFrequenciesGhz,
                    thresholdMa, slopeWPerA, defaultPowerMw, maxBiasMa, initMs, powerUpMs, powerDownMs,
                    laneRampMs, laneOffMs, temperatureC);
        }
    }
}
