package org.lightkeeper.hal.board;

/** A board file that cannot be used: names the file, the line and the fault. Nothing is driven. */
public final class BoardFileException extends RuntimeException {
    private final String file;
    private final int line;

    public BoardFileException(String file, int line, String fault) {
        super(file + ":" + line + ": " + fault);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** 1-based line of the offending entry. */
    public int line() {
        return line;
    }
}
