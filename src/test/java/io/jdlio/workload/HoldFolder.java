package io.jdlio.workload;

import io.jdlio.storage.FolderLock;
import io.jdlio.storage.LocalStorage;
import java.nio.file.Path;

/** A second jdlio process for lock tests: holds a folder until its standard input closes. */
public final class HoldFolder {
    private HoldFolder() {
    }

    public static void main(String[] args) throws Exception {
        try (FolderLock lock = new LocalStorage(Path.of("/")).lock(args[0], args[1].equals("exclusive"), args[2])) {
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the parent closes the pipe (or dies)
            }
        }
    }

    /** Starts a child JVM holding {@code folder}; returns once it holds it. */
    static Process start(Path folder, boolean exclusive, String purpose) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), HoldFolder.class.getName(), folder.toAbsolutePath().toString(),
                exclusive ? "exclusive" : "shared", purpose).redirectErrorStream(true).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
        if (!"held".equals(line)) {
            p.destroyForcibly();
            throw new IllegalStateException("the holding process said: " + line);
        }
        return p;
    }

    /** Lets the child go and waits for it. */
    static void stop(Process p) throws Exception {
        p.getOutputStream().close();
        p.waitFor();
    }
}
