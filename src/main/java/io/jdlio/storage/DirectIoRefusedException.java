package io.jdlio.storage;

import java.io.IOException;

/** O_DIRECT was asked for where the file system cannot bypass the page cache; the message says what to do. */
public final class DirectIoRefusedException extends IOException {
    public DirectIoRefusedException(String message) {
        super(message);
    }
}
