package org.lightkeeper.hal.bus.remote;

/**
 * The constants of the remote bus protocol (docs/remote-bus.md is the specification): handshake,
 * op codes, reply status codes and limits. All integers on the wire are big-endian.
 */
final class BusProtocol {
    /** "LKBS": the first four bytes each side sends, so a stray client (an HTTP probe) is refused at once. */
    static final int MAGIC = 0x4C4B4253;
    /** Bumped on any incompatible change; server and client must agree exactly. */
    static final int VERSION = 1;

    /** Largest frame body (op or status byte plus payload) either side accepts. */
    static final int MAX_FRAME = 16 * 1024;
    /** Largest single transfer: a CMIS page is 128 bytes, an EIC block a few hundred; far above either. */
    static final int MAX_TRANSFER = 8 * 1024;
    /** Longest bus, chip or message string, bytes of UTF-8. */
    static final int MAX_STRING = 1024;
    /** Open handles one connection may hold (a board has tens of buses and lines). */
    static final int MAX_HANDLES = 1024;
    /** Edges one GPIO poll reply carries at most (the pin's own queue holds 64). */
    static final int MAX_EDGES_PER_POLL = 256;

    // Requests.
    static final int OP_PING = 0x00;
    static final int OP_OPEN_I2C = 0x01;
    static final int OP_OPEN_SPI = 0x02;
    static final int OP_OPEN_GPIO = 0x03;
    static final int OP_CLOSE = 0x04;
    static final int OP_I2C_WRITE = 0x10;
    static final int OP_I2C_READ = 0x11;
    static final int OP_I2C_WRITE_READ = 0x12;
    static final int OP_I2C_RECOVER = 0x13;
    static final int OP_SPI_TRANSFER = 0x20;
    static final int OP_GPIO_READ = 0x30;
    static final int OP_GPIO_WRITE = 0x31;
    static final int OP_GPIO_WATCH = 0x32;
    static final int OP_GPIO_UNWATCH = 0x33;
    static final int OP_GPIO_POLL = 0x34;

    // Reply status.
    static final int OK = 0x00;
    static final int ERR_NAK = 0x01;
    static final int ERR_NOT_PRESENT = 0x02;
    static final int ERR_TIMEOUT = 0x03;
    static final int ERR_STUCK = 0x04;
    static final int ERR_ARBITRATION_LOST = 0x05;
    static final int ERR_BUS = 0x06;
    static final int ERR_BAD_REQUEST = 0x10;
    static final int ERR_ILLEGAL_STATE = 0x11;
    static final int ERR_UNSUPPORTED = 0x12;
    static final int ERR_VERSION = 0x13;
    static final int ERR_INTERNAL = 0x1F;

    /** "No stuck line" in an error reply. */
    static final int LINE_NONE = 0xFF;

    /** Open flag: the I2C bus can clear a stuck bus ({@link org.lightkeeper.hal.bus.I2cRecovery}). */
    static final int FLAG_RECOVERY = 0x01;

    private BusProtocol() {
    }
}
