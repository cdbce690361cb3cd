package io.jdlio.storage;

import java.io.IOException;

/** For tests in other packages: what this process has read from the device. */
public final class DirectStorageTestAccess {
    private DirectStorageTestAccess() {
    }

    public static long readBytes() throws IOException {
        return DirectStorageTest.readBytes();
    }
}
