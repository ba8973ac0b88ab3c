package org.lightkeeper.hal.bus.remote;

import org.lightkeeper.hal.bus.BusException;
import org.lightkeeper.hal.bus.SpiDevice;

/** An SPI chip select of the bus server: each frame is one round trip, tx out and rx back in the reply. */
final class RemoteSpiDevice extends RemoteHandle implements SpiDevice {
    private final String bus;
    private final int chipSelect;
    private final int requestedHz;
    private String name;
    private int clockHz;

    RemoteSpiDevice(RemoteLink link, String bus, int chipSelect, int clockHz) {
        super(link, BusProtocol.OP_OPEN_SPI);
        if (chipSelect < 0 || chipSelect > 0xFFFF) {
            throw new IllegalArgumentException("chip select must be 0-65535, got " + chipSelect);
        }
        this.bus = bus;
        this.chipSelect = chipSelect;
        this.requestedHz = clockHz;
        this.name = bus + "." + chipSelect;
        this.clockHz = clockHz;
    }

    @Override
    void writeOpen(Frame request) {
        request.putShort(chipSelect).putInt(requestedHz).putString(bus);
    }

    @Override
    void readOpened(Frame reply) {
        clockHz = reply.getInt();
        name = reply.getString();
    }

    /** Opens the device on the server now, so a missing chip select is refused where it is asked for. */
    RemoteSpiDevice opened() {
        openNow(name, chipSelect);
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int clockHz() {
        return clockHz;
    }

    @Override
    public void transfer(byte[] tx, byte[] rx, int length) {
        if (length < 0 || length > BusProtocol.MAX_TRANSFER || length > tx.length || length > rx.length) {
            throw new IllegalArgumentException("SPI frame of " + length + " bytes does not fit the buffers ("
                    + tx.length + "/" + rx.length + ") or the remote limit " + BusProtocol.MAX_TRANSFER);
        }
        link.lock();
        try {
            request(BusProtocol.OP_SPI_TRANSFER, name, chipSelect, BusException.NO_REGISTER).putBytes(tx, 0, length);
            link.exchange(name, chipSelect, BusException.NO_REGISTER, length).getBytes(rx, 0, length);
        } finally {
            link.unlock();
        }
    }
}
