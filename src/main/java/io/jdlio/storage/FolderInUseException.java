package io.jdlio.storage;

import java.io.IOException;

/** A folder lock could not be taken because another run holds it; the message names the holder(s). */
public final class FolderInUseException extends IOException {
    public FolderInUseException(String message) {
        super(message);
    }
}
