package org.lightkeeper.firmware.els;

import java.util.List;

/** What an identified ELS module says it is (CMIS lower page and upper page 00h, ELSFP page 1Ah). */
public record ElsIdentity(int identifier, int revision, String vendorName, String partNumber, String serialNumber,
                          int laneCount, List<Double> laneFrequencyGhz) {
    /** Same physical module: a reinserted module with this identity keeps its calibration. */
    public boolean sameModule(ElsIdentity other) {
        return other != null && vendorName.equals(other.vendorName) && serialNumber.equals(other.serialNumber);
    }
}
