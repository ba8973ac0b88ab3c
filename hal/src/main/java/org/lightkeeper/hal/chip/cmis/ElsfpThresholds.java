package org.lightkeeper.hal.chip.cmis;

/**
 * Module-advertised lane thresholds, page 1Ah bytes 141-156 (OIF-ELSFP-CMIS-01.0 Table 4): bias in mA,
 * optical power in mW, as {alarm, warning} x {high, low}.
 */
public record ElsfpThresholds(double biasHighAlarmMa, double biasLowAlarmMa,
                              double biasHighWarningMa, double biasLowWarningMa,
                              double powerHighAlarmMw, double powerLowAlarmMw,
                              double powerHighWarningMw, double powerLowWarningMw) {
}
