package org.lightkeeper.firmware.persist;

/** A document payload that cannot be accepted; the message names the field (a JSON path) and the reason. */
public final class InvalidDocumentException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidDocumentException(String message) {
        super(message);
    }
}
