package org.lightkeeper.hal.chip.cmis;

import static org.lightkeeper.hal.chip.cmis.ElsfpMap.*;

import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.I2cBus;

/**
 * Driver for an OIF ELSFP external laser source module managed over CMIS.
 *
 * <p>Sources: CMIS Rev 5.x (OIF-CMIS-05.x): section 5.2 (two-wire management interface, address
 * 0x50), section 6.3.2 (module state machine, LowPwrS = LowPwrRequestSW or (LowPwrAllowRequestHW and
 * LPMode asserted)), section 8.2 (lower page: identifier, module state byte 3, monitors bytes 14-17,
 * global controls byte 26, BankSelect/PageSelect bytes 126-127), section 8.3 (page 00h vendor
 * identity). ELSFP pages 1Ah (advertisements, thresholds, latched lane flags, lane enable/state,
 * frequencies) and 1Bh (setpoints and monitors) from the OIF External Laser Small Form Factor
 * Pluggable CMIS implementation agreement (OIF-ELSFP-CMIS-01.0). Offsets: {@link ElsfpMap} and
 * {@code docs/elsfp-map.md}.
 *
 * <p>Bank and page are selected with one 3-byte write (pointer 126, bank, page), so the module never
 * sees a half-updated selection. The driver remembers the selection and skips redundant selects; any
 * {@link BusException} forgets it, as does {@link #softwareReset()}; call {@link #invalidatePageCache()}
 * after the board resets or re-inserts the module. Arguments are checked before any bus traffic.
 * Drivers never retry. Not thread-safe: one owner per module; buffers are reused, so register access
 * allocates nothing.
 */
public final class CmisModule {
    private static final int UNKNOWN = -1;

    private final I2cBus bus;
    private final int address;
    private final int bank = 0;
    private final byte[] pointer = new byte[1];
    private final byte[] frame = new byte[17];
    private final byte[] buf = new byte[32];
    private int selectedBank = UNKNOWN;
    private int selectedPage = UNKNOWN;

    public CmisModule(I2cBus bus, int address) {
        if (address < 0 || address > 0x7F) {
            throw new IllegalArgumentException(String.format("I2C address must be 7-bit, got 0x%X", address));
        }
        this.bus = bus;
        this.address = address;
    }

    public I2cBus bus() {
        return bus;
    }

    public int address() {
        return address;
    }

    /** Forgets the cached bank/page selection; the next upper-page access writes it again. */
    public void invalidatePageCache() {
        selectedBank = UNKNOWN;
        selectedPage = UNKNOWN;
    }

    // ---------------------------------------------------------------- identity and module level

    /** Lower page byte 0 (SFF-8024 identifier; 0x22 for ELSFP). */
    public int identifier() {
        read(IDENTIFIER, 0, 1);
        return buf[0] & 0xFF;
    }

    /** Lower page byte 1: CMIS revision, major in bits 7-4, minor in bits 3-0 (0x52 = 5.2). */
    public int revision() {
        read(REVISION, 0, 1);
        return buf[0] & 0xFF;
    }

    public CmisModuleState moduleState() {
        read(MODULE_STATE, 0, 1);
        return ElsfpMap.moduleState(buf[0]);
    }

    /** Lower page byte 8 bit 0, L-ModuleStateChanged; latched, cleared by this read. */
    public boolean moduleStateChangedFlag() {
        read(MODULE_FLAGS, 0, 1);
        return (buf[0] & MODULE_STATE_CHANGED) != 0;
    }

    public double temperatureC() {
        read(TEMPERATURE, 0, 2);
        return ElsfpMap.temperatureC(s16(buf, 0));
    }

    public double vccVolts() {
        read(VCC, 0, 2);
        return ElsfpMap.vccVolts(u16(buf, 0));
    }

    public String vendorName() {
        return ascii(VENDOR_NAME);
    }

    public String vendorPartNumber() {
        return ascii(VENDOR_PN);
    }

    public String vendorSerialNumber() {
        return ascii(VENDOR_SN);
    }

    /** Sets or clears LowPwrRequestSW (byte 26 bit 4), read-modify-write keeping the other bits. */
    public void setLowPowerRequest(boolean lowPower) {
        updateControl(LOW_PWR_REQUEST_SW, lowPower);
    }

    /** Sets or clears LowPwrAllowRequestHW (byte 26 bit 6): whether the LPMode pin may hold low power. */
    public void setLowPowerAllowHw(boolean allow) {
        updateControl(LOW_PWR_ALLOW_REQUEST_HW, allow);
    }

    /** Byte 26 as last read: the global control bits. */
    public int moduleControl() {
        read(MODULE_CONTROL, 0, 1);
        return buf[0] & 0xFF;
    }

    /**
     * Sets SoftwareReset (byte 26 bit 3). The module re-enters MgmtInit and does not answer until it is
     * done; bank and page return to 0, so the cached selection is forgotten.
     */
    public void softwareReset() {
        read(MODULE_CONTROL, 0, 1);
        buf[0] = (byte) (buf[0] | SOFTWARE_RESET);
        invalidatePageCache();
        write(MODULE_CONTROL, 0, 1);
    }

    private void updateControl(int bit, boolean set) {
        read(MODULE_CONTROL, 0, 1);
        int v = buf[0] & 0xFF & ~SOFTWARE_RESET;
        buf[0] = (byte) (set ? v | bit : v & ~bit);
        write(MODULE_CONTROL, 0, 1);
    }

    // ---------------------------------------------------------------- lanes (page 1Ah)

    /** Lanes the module advertises (page 1Ah byte 140 bits 7-1); this driver addresses bank 0's 8. */
    public int laneCount() {
        read(CONTROL_MODE, 0, 1);
        return (buf[0] & 0xFF) >> LANE_COUNT_SHIFT;
    }

    /** Lane frequencies of bank 0 in GHz (page 1Ah bytes 232-247, 5 GHz units). */
    public double[] laneFrequencyGhz() {
        read(LANE_FREQUENCY, 0, LANE_FREQUENCY.size());
        double[] f = new double[LANES_PER_BANK];
        for (int lane = 0; lane < LANES_PER_BANK; lane++) {
            f[lane] = frequencyGhz(u16(buf, 2 * lane));
        }
        return f;
    }

    /** Writes the lane enable byte (page 1Ah byte 220, bit n = lane n). The module honours it only in ModuleReady. */
    public void setLaneEnables(int mask) {
        if ((mask & ~0xFF) != 0) {
            throw new IllegalArgumentException("lane enable mask (page 1Ah byte 220) must fit 8 bits, got 0x"
                    + Integer.toHexString(mask));
        }
        buf[0] = (byte) mask;
        write(LANE_ENABLE, 0, 1);
    }

    public int laneEnables() {
        read(LANE_ENABLE, 0, 1);
        return buf[0] & 0xFF;
    }

    public LaneStatus laneStatus(int lane) {
        checkLane(lane);
        readAt(PAGE_1A, laneStateOffset(lane), 1);
        return ElsfpMap.laneStatus(buf[0] & 0xFF, lane);
    }

    /**
     * Every lane's state in one 2-byte read (page 1Ah bytes 221-222), into {@code out[lane]}: the
     * form a polling loop wants, one transaction instead of eight.
     */
    public void laneStatuses(LaneStatus[] out) {
        if (out.length < LANES_PER_BANK) {
            throw new IllegalArgumentException("need room for " + LANES_PER_BANK + " lane states, got " + out.length);
        }
        read(LANE_STATE, 0, LANE_STATE.size());
        for (int lane = 0; lane < LANES_PER_BANK; lane++) {
            int b = buf[laneStateOffset(lane) - LANE_STATE.offset()] & 0xFF;
            out[lane] = ElsfpMap.laneStatus(b, lane);
        }
    }

    public ControlMode controlMode() {
        read(CONTROL_MODE, 0, 1);
        return ControlMode.fromBit(buf[0]);
    }

    /** Sets byte 140 bit 0 (read-modify-write; bits 7-1, the lane count, are read-only). */
    public void setControlMode(ControlMode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("control mode (page 1Ah byte 140 bit 0) must not be null");
        }
        read(CONTROL_MODE, 0, 1);
        buf[0] = (byte) (buf[0] & ~CONTROL_MODE_APC | mode.bit());
        write(CONTROL_MODE, 0, 1);
    }

    /** Module-advertised thresholds (page 1Ah bytes 141-156), one read. */
    public ElsfpThresholds thresholds() {
        read(THRESHOLDS, 0, THRESHOLDS.size());
        return new ElsfpThresholds(biasMa(u16(buf, 0)), biasMa(u16(buf, 2)), biasMa(u16(buf, 4)),
                biasMa(u16(buf, 6)), powerMw(u16(buf, 8)), powerMw(u16(buf, 10)), powerMw(u16(buf, 12)),
                powerMw(u16(buf, 14)));
    }

    /**
     * Reads every latched lane flag of bank 0 (page 1Ah bytes 166-193) in one transaction; the module
     * clears them on this read.
     */
    public LaneFlags latchedLaneFlags() {
        read(LANE_FLAG_BLOCK, 0, LANE_FLAG_BLOCK.size());
        LaneFlag[] all = LaneFlag.values();
        int[] masks = new int[all.length];
        for (LaneFlag f : all) {
            masks[f.ordinal()] = buf[f.offset() - LANE_FLAG_BLOCK.offset()] & 0xFF;
        }
        return new LaneFlags(masks);
    }

    /** Lane fault code (bits 3-0 of page 1Ah byte 212 + lane): 0 none, 1 APC loop, 2 ACC loop. */
    public int laneFaultCode(int lane) {
        checkLane(lane);
        readAt(PAGE_1A, LANE_CODES.offset() + lane, 1);
        return buf[0] & 0x0F;
    }

    // ---------------------------------------------------------------- setpoints and monitors (page 1Bh)

    public void setBiasSetpointMa(int lane, double mA) {
        checkLane(lane);
        checkRange("bias setpoint (page 1Bh bytes 128-143)", mA, BIAS_MAX_MA, "mA");
        putU16(buf, 0, rawBias(mA));
        writeAt(PAGE_1B, BIAS_SETPOINT.laneOffset(lane), 2);
    }

    public double biasSetpointMa(int lane) {
        return biasMa(readU16(BIAS_SETPOINT, lane));
    }

    public void setPowerSetpointMw(int lane, double mW) {
        checkLane(lane);
        checkRange("optical power setpoint (page 1Bh bytes 144-159)", mW, POWER_MAX_MW, "mW");
        putU16(buf, 0, rawPower(mW));
        writeAt(PAGE_1B, POWER_SETPOINT.laneOffset(lane), 2);
    }

    public double powerSetpointMw(int lane) {
        return powerMw(readU16(POWER_SETPOINT, lane));
    }

    public double biasMonitorMa(int lane) {
        return biasMa(readU16(BIAS_MONITOR, lane));
    }

    public double powerMonitorMw(int lane) {
        return powerMw(readU16(POWER_MONITOR, lane));
    }

    // ---------------------------------------------------------------- plumbing

    private int readU16(Field field, int lane) {
        checkLane(lane);
        readAt(field.page(), field.laneOffset(lane), 2);
        return u16(buf, 0);
    }

    private String ascii(Field field) {
        read(field, 0, field.size());
        return ElsfpMap.ascii(buf, 0, field.size());
    }

    private static void checkLane(int lane) {
        if (lane < 0 || lane >= LANES_PER_BANK) {
            throw new IllegalArgumentException("lane must be 0-" + (LANES_PER_BANK - 1) + ", got " + lane);
        }
    }

    private static void checkRange(String what, double value, double max, String unit) {
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException(what + " must be 0-" + max + " " + unit + ", got " + value);
        }
    }

    private void read(Field field, int skip, int length) {
        readAt(field.page(), field.offset() + skip, length);
    }

    private void write(Field field, int skip, int length) {
        writeAt(field.page(), field.offset() + skip, length);
    }

    /** Reads {@code length} bytes at {@code offset} of {@code page} into {@code buf[0..length)}. */
    /** Page select and read under one hold of the bus lock: nothing else can switch the page in between. */
    private void readAt(int page, int offset, int length) {
        org.lightkeeper.hal.bus.BusLock lock = bus.lock();
        lock.acquire(address, offset);
        try {
            select(page);
            pointer[0] = (byte) offset;
            bus.writeRead(address, pointer, 0, 1, buf, 0, length);
        } catch (BusException e) {
            invalidatePageCache();
            throw e;
        } finally {
            lock.release();
        }
    }

    /** Writes {@code buf[0..length)} at {@code offset} of {@code page}, pointer and data in one transaction. */
    /** Page select and write under one hold of the bus lock. */
    private void writeAt(int page, int offset, int length) {
        org.lightkeeper.hal.bus.BusLock lock = bus.lock();
        lock.acquire(address, offset);
        try {
            select(page);
            frame[0] = (byte) offset;
            System.arraycopy(buf, 0, frame, 1, length);
            bus.write(address, frame, 0, length + 1);
        } catch (BusException e) {
            invalidatePageCache();
            throw e;
        } finally {
            lock.release();
        }
    }

    private void select(int page) {
        if (page == LOWER || (page == selectedPage && bank == selectedBank)) {
            return;
        }
        invalidatePageCache();
        frame[0] = (byte) BANK_SELECT.offset();
        frame[1] = (byte) bank;
        frame[2] = (byte) page;
        bus.write(address, frame, 0, 3);
        selectedBank = bank;
        selectedPage = page;
    }
}
