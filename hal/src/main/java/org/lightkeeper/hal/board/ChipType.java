package org.lightkeeper.hal.board;

import java.util.Locale;

/** The parts a board file may name, each with the bus it sits on and its address or channel limits. */
public enum ChipType {
    TCA9548A(Bus.I2C, 0x70, 0x77, 8),
    PCA9555(Bus.I2C, 0x20, 0x27, 16),
    TMP117(Bus.I2C, 0x48, 0x4B, 1),
    INA226(Bus.I2C, 0x40, 0x4F, 1),
    ELSFP(Bus.I2C, 0x50, 0x50, 8),
    LTC2668(Bus.SPI, 0, 0, 16),
    ADS8688(Bus.SPI, 0, 0, 8),
    /** Our engine driver chip (docs/eic-regmap.md): heaters and monitors of up to 64 rings. */
    EIC(Bus.SPI, 0, 0, 64);

    public enum Bus { I2C, SPI }

    public final Bus bus;
    public final int minAddress;
    public final int maxAddress;
    /** Channels (DAC outputs, ADC inputs, mux ports, GPIO pins, laser lanes). */
    public final int channels;

    ChipType(Bus bus, int minAddress, int maxAddress, int channels) {
        this.bus = bus;
        this.minAddress = minAddress;
        this.maxAddress = maxAddress;
        this.channels = channels;
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChipType fromYaml(String name) {
        for (ChipType c : values()) {
            if (c.yamlName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    public static String known() {
        StringBuilder b = new StringBuilder();
        for (ChipType c : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(c.yamlName());
        }
        return b.toString();
    }
}
