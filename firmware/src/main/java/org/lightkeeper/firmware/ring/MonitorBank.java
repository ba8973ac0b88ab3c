package org.lightkeeper.firmware.ring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lightkeeper.hal.board.BoardDrivers;
import org.lightkeeper.hal.board.BoardSpec.EngineSpec;
import org.lightkeeper.hal.board.BoardSpec.RingSpec;
import org.lightkeeper.hal.chip.Ads8688;
import org.lightkeeper.hal.chip.eic.Eic;

/**
 * The monitor photodiodes of one engine, every ring read once per tick in as few transactions as
 * the chips allow (ADS8688 auto-sequence; EIC sample plus one burst). Allocation-free after
 * construction.
 */
public final class MonitorBank {
    private final MonitorDevice[] devices;
    private final MonitorDevice[] deviceOfRing;
    private final int[] channelOfRing;
    private final int[] deviceIndexOfRing;
    private final long[] masks;             // scratch for the partial read, one per device

    public MonitorBank(EngineSpec spec, BoardDrivers drivers) {
        List<RingSpec> rs = spec.rings();
        Map<Object, Integer> masks = new HashMap<>();
        Map<Object, int[]> ranges = new HashMap<>();
        for (RingSpec r : rs) {
            Object chip = drivers.get(r.monitorAdc(), Object.class);
            masks.merge(chip, 1 << Math.min(r.monitorChannel(), 30), (a, b) -> a | b);
            ranges.merge(chip, new int[] {r.monitorChannel(), r.monitorChannel()},
                    (a, b) -> new int[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        Map<Object, MonitorDevice> byChip = new HashMap<>();
        List<MonitorDevice> distinct = new ArrayList<>();
        deviceOfRing = new MonitorDevice[rs.size()];
        channelOfRing = new int[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            RingSpec r = rs.get(i);
            Object chip = drivers.get(r.monitorAdc(), Object.class);
            MonitorDevice d = byChip.get(chip);
            if (d == null) {
                d = chip instanceof Eic eic ? new EicMonitors(eic, ranges.get(chip)[0], ranges.get(chip)[1])
                        : new Ads8688Monitors((Ads8688) chip, masks.get(chip), spec.optics().adcFullScaleV(),
                                spec.optics().tiaGainKohm());
                byChip.put(chip, d);
                distinct.add(d);
            }
            deviceOfRing[i] = d;
            channelOfRing[i] = r.monitorChannel();
        }
        devices = distinct.toArray(new MonitorDevice[0]);
        deviceIndexOfRing = new int[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            deviceIndexOfRing[i] = distinct.indexOf(deviceOfRing[i]);
        }
        this.masks = new long[devices.length];
    }

    public void init() {
        for (MonitorDevice d : devices) {
            d.init();
        }
    }

    /** Reads every monitor; {@code outMa[i]} is ring i's photocurrent in milliamperes. */
    public void read(double[] outMa) {
        for (MonitorDevice d : devices) {
            d.read();
        }
        for (int i = 0; i < outMa.length; i++) {
            outMa[i] = deviceOfRing[i].ma(channelOfRing[i]);
        }
    }

    /**
     * Reads the monitors of the rings with {@code wanted[i]} set, each chip in as few frames as it
     * allows for those channels; {@code outMa} of the others is left as it was. Allocation-free.
     */
    public void read(double[] outMa, boolean[] wanted) {
        fillMasks(wanted);
        for (int d = 0; d < devices.length; d++) {
            devices[d].read(masks[d]);
        }
        for (int i = 0; i < outMa.length; i++) {
            if (wanted[i]) {
                outMa[i] = deviceOfRing[i].ma(channelOfRing[i]);
            }
        }
    }

    /** Wire time of {@link #read(double[], boolean[])} for {@code wanted} (every ring: the full read), ns. */
    public long readWireNs(boolean[] wanted) {
        fillMasks(wanted);
        long ns = 0;
        for (int d = 0; d < devices.length; d++) {
            ns += devices[d].readWireNs(masks[d]);
        }
        return ns;
    }

    private void fillMasks(boolean[] wanted) {
        java.util.Arrays.fill(masks, 0);
        for (int i = 0; i < deviceIndexOfRing.length; i++) {
            if (wanted[i]) {
                masks[deviceIndexOfRing[i]] |= 1L << channelOfRing[i];
            }
        }
    }
}
