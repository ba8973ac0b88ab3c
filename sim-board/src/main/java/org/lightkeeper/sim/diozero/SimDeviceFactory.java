package org.lightkeeper.sim.diozero;

import com.diozero.api.DeviceMode;
import com.diozero.api.GpioEventTrigger;
import com.diozero.api.GpioPullUpDown;
import com.diozero.api.I2CConstants;
import com.diozero.api.PinInfo;
import com.diozero.api.RuntimeIOException;
import com.diozero.api.SerialConstants;
import com.diozero.api.SpiClockMode;
import com.diozero.internal.spi.AnalogInputDeviceInterface;
import com.diozero.internal.spi.AnalogOutputDeviceInterface;
import com.diozero.internal.spi.BaseNativeDeviceFactory;
import com.diozero.internal.spi.GpioDigitalInputDeviceInterface;
import com.diozero.internal.spi.GpioDigitalInputOutputDeviceInterface;
import com.diozero.internal.spi.GpioDigitalOutputDeviceInterface;
import com.diozero.internal.spi.InternalI2CDeviceInterface;
import com.diozero.internal.spi.InternalPwmOutputDeviceInterface;
import com.diozero.internal.spi.InternalSerialDeviceInterface;
import com.diozero.internal.spi.InternalServoDeviceInterface;
import com.diozero.internal.spi.InternalSpiDeviceInterface;
import com.diozero.sbc.BoardInfo;
import org.lightkeeper.sim.SimBoard;
import org.lightkeeper.sim.bus.SimGpioChip;

/**
 * The simulated board as a diozero native device factory: I2C controller N is the board file's bus
 * {@code i2c-N}, SPI controller B its bus {@code spiB}. Digital GPIO comes from the {@link SimGpioChip}s
 * it is given: line L of chip N is diozero pin (chip N, line offset L), GPIO number {@code N * 1000 + L}.
 * PWM, analog and serial are not simulated.
 *
 * <p>diozero keeps one global factory per process ({@code diozero.devicefactory} or ServiceLoader);
 * this one is meant to be passed explicitly to hal's {@code DiozeroBusProvider}, so each test can have
 * its own board. It loads no native code: board information is a fixed description, not read from
 * the machine.
 */
public final class SimDeviceFactory extends BaseNativeDeviceFactory {
    /** GPIO numbers of chip N start here, so lines of several chips never share a number. */
    static final int GPIO_PER_CHIP = 1000;

    private final SimBoard board;
    private final SimGpioChip[] gpioChips;

    /** With digital I/O on the lines of {@code gpioChips} (none: I2C and SPI only). */
    public SimDeviceFactory(SimBoard board, SimGpioChip... gpioChips) {
        this.board = board;
        this.gpioChips = gpioChips.clone();
        for (int i = 0; i < this.gpioChips.length; i++) {
            for (int j = 0; j < i; j++) {
                if (this.gpioChips[i].number() == this.gpioChips[j].number()) {
                    throw new IllegalArgumentException("two GPIO chips numbered " + this.gpioChips[i].number());
                }
            }
        }
    }

    private SimGpioChip gpioChip(PinInfo pin) {
        for (SimGpioChip c : gpioChips) {
            if (c.number() == pin.getChip() && c.hasLine(pin.getLineOffset())) {
                return c;
            }
        }
        throw new RuntimeIOException("No such GPIO line: chip " + pin.getChip() + " line " + pin.getLineOffset(), -2);
    }

    @Override
    public String getName() {
        return "LightkeeperSim";
    }

    @Override
    protected BoardInfo lookupBoardInfo() {
        return new BoardInfo("Lightkeeper", "SimBoard", -1, "sim", "0") {
            @Override
            public void populateBoardPinInfo() {
                for (SimGpioChip c : gpioChips) {
                    // One header per chip, physical pin = line + 1: diozero finds chip/line pins through headers.
                    for (int line = 0; line < c.lineCount(); line++) {
                        addGpioPinInfo(c.name(), c.number() * GPIO_PER_CHIP + line, c.name() + "." + line,
                                line + 1, PinInfo.DIGITAL_IN_OUT, c.number(), line);
                    }
                }
            }

            @Override
            public boolean isRecognised() {
                return true;
            }
        };
    }

    @Override
    public float getCpuTemperature() {
        return Float.NaN;
    }

    /** The simulator has no kernel spidev buffer limit to read from /sys. */
    @Override
    public int getSpiBufferSize() {
        return DEFAULT_SPI_BUFFER_SIZE;
    }

    @Override
    public void shutdown() {
        // nothing native to release
    }

    @Override
    public InternalI2CDeviceInterface createI2CDevice(String key, int controller, int address,
                                                      I2CConstants.AddressSize addressSize) {
        if (addressSize != I2CConstants.AddressSize.SIZE_7) {
            throw new RuntimeIOException("simulated I2C supports 7-bit addresses only");
        }
        try {
            return new SimDiozeroI2cDevice(key, this, board.i2c("i2c-" + controller, 0), controller, address);
        } catch (IllegalArgumentException e) {
            throw new RuntimeIOException("Error opening /dev/i2c-" + controller + ": " + e.getMessage(), -2);
        }
    }

    @Override
    public InternalSpiDeviceInterface createSpiDevice(String key, int controller, int chipSelect, int frequency,
                                                      SpiClockMode spiClockMode, boolean lsbFirst) {
        try {
            return new SimDiozeroSpiDevice(key, this, board.spi("spi" + controller, chipSelect, frequency), controller,
                    chipSelect);
        } catch (IllegalArgumentException e) {
            throw new RuntimeIOException("Error opening /dev/spidev" + controller + "." + chipSelect + ": "
                    + e.getMessage(), -2);
        }
    }

    private static UnsupportedOperationException notSimulated(String what) {
        return new UnsupportedOperationException(what + " is not simulated by the diozero SimDeviceFactory");
    }

    @Override
    public GpioDigitalInputDeviceInterface createDigitalInputDevice(String key, PinInfo pinInfo, GpioPullUpDown pud,
                                                                    GpioEventTrigger trigger) {
        return new SimDiozeroGpioInput(key, this, gpioChip(pinInfo).line(pinInfo.getLineOffset()), pinInfo.getDeviceNumber());
    }

    @Override
    public GpioDigitalOutputDeviceInterface createDigitalOutputDevice(String key, PinInfo pinInfo, boolean initialValue) {
        return new SimDiozeroGpioOutput(key, this, gpioChip(pinInfo).line(pinInfo.getLineOffset()),
                pinInfo.getDeviceNumber(), initialValue);
    }

    @Override
    public GpioDigitalInputOutputDeviceInterface createDigitalInputOutputDevice(String key, PinInfo pinInfo,
                                                                                DeviceMode mode) {
        throw notSimulated("GPIO");
    }

    @Override
    public int getGpioValue(int gpio) {
        throw notSimulated("GPIO");
    }

    @Override
    public DeviceMode getGpioMode(int gpio) {
        throw notSimulated("GPIO");
    }

    @Override
    public int getBoardPwmFrequency() {
        return 0;
    }

    @Override
    public void setBoardPwmFrequency(int pwmFrequency) {
        throw notSimulated("PWM");
    }

    @Override
    public InternalPwmOutputDeviceInterface createPwmOutputDevice(String key, PinInfo pinInfo, int pwmFrequency,
                                                                  float initialValue) {
        throw notSimulated("PWM");
    }

    @Override
    public int getBoardServoFrequency() {
        return 0;
    }

    @Override
    public void setBoardServoFrequency(int servoFrequency) {
        throw notSimulated("servo");
    }

    @Override
    public InternalServoDeviceInterface createServoDevice(String key, PinInfo pinInfo, int frequency, int minPulseWidthUs,
                                                          int maxPulseWidthUs, int initialPulseWidthUs) {
        throw notSimulated("servo");
    }

    @Override
    public AnalogInputDeviceInterface createAnalogInputDevice(String key, PinInfo pinInfo) {
        throw notSimulated("analog input");
    }

    @Override
    public AnalogOutputDeviceInterface createAnalogOutputDevice(String key, PinInfo pinInfo, float initialValue) {
        throw notSimulated("analog output");
    }

    @Override
    public InternalSerialDeviceInterface createSerialDevice(String key, String deviceFilename, int baud,
                                                            SerialConstants.DataBits dataBits,
                                                            SerialConstants.StopBits stopBits,
                                                            SerialConstants.Parity parity, boolean readBlocking,
                                                            int minReadChars, int readTimeoutMillis) {
        throw notSimulated("serial");
    }
}
