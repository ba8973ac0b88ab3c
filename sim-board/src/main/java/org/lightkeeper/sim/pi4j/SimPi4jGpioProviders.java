package org.lightkeeper.sim.pi4j;

import com.pi4j.io.exception.IOException;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalInputProviderBase;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalOutputProviderBase;
import org.lightkeeper.sim.bus.SimGpioChip;
import org.lightkeeper.sim.bus.SimGpioLine;

/** Pi4J digital input and output providers over one {@link SimGpioChip}: the Pi4J address is the line offset. */
public final class SimPi4jGpioProviders {
    public static final String INPUT_ID = "lightkeeper-sim-din";
    public static final String OUTPUT_ID = "lightkeeper-sim-dout";

    private SimPi4jGpioProviders() {
    }

    static SimGpioLine line(SimGpioChip chip, Integer address) {
        if (address == null || !chip.hasLine(address)) {
            throw new IOException("Unable to open GPIO line " + address + " of " + chip.name()
                    + " (simulated chip has " + chip.lineCount() + " lines)");
        }
        return chip.line(address);
    }

    /** Digital inputs on the chip's lines. */
    public static final class Input extends DigitalInputProviderBase {
        private final SimGpioChip chip;

        public Input(SimGpioChip chip) {
            super(INPUT_ID, "Lightkeeper simulated digital input");
            this.chip = chip;
        }

        @Override
        public int getPriority() {
            return 1000;
        }

        @Override
        public DigitalInput create(DigitalInputConfig config) {
            return new SimPi4jDigitalInput(this, config, line(chip, config.address()));
        }
    }

    /** Digital outputs on the chip's lines. */
    public static final class Output extends DigitalOutputProviderBase {
        private final SimGpioChip chip;

        public Output(SimGpioChip chip) {
            super(OUTPUT_ID, "Lightkeeper simulated digital output");
            this.chip = chip;
        }

        @Override
        public int getPriority() {
            return 1000;
        }

        @Override
        public DigitalOutput create(DigitalOutputConfig config) {
            return new SimPi4jDigitalOutput(this, config, line(chip, config.address()));
        }
    }
}
