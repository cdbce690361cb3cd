package io.jdlio.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * describe() builds a file's name by string concatenation when the path is plain (every sample's open asks for
 * it); whatever the root and path, it names the same file as resolving and normalizing the path does.
 */
class LocalStorageDescribeTest {
    @Test
    void theShortcutNamesWhatResolvingNames() {
        String[] roots = {"", ".", "/", "/tmp/x", "/tmp/x/", "data", "data/../other", "./data", "..", "a/./b"};
        String[] paths = {"train/0/img_1_of_8.npz", "f.npz", "./f", "a/../f", "a//f", "a/.hidden", "a/..b",
            "/abs/f", "file:///abs/f", "file://rel/f", "a/", ".", "..", "a/.", "x..y/z"};
        for (String r : roots) {
            LocalStorage s = new LocalStorage(Path.of(r));
            for (String p : paths) {
                assertEquals(s.resolve(p).toString(), s.describe(p), "root '" + r + "', path '" + p + "'");
            }
        }
    }
}
