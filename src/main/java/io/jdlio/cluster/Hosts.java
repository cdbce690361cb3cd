package io.jdlio.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's name, as MPI's own messages name hosts. */
final class Hosts {
    private Hosts() {
    }

    static String name() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
