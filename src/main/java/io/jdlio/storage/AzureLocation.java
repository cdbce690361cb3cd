package io.jdlio.storage;

/**
 * Where an Azure Blob dataset or checkpoint lives: {@code az://account/container/prefix}. The prefix is the
 * folder below the container ('/'-separated, no leading or trailing slash; empty for the container itself).
 */
public record AzureLocation(String account, String container, String prefix) {

    public AzureLocation {
        prefix = trimSlashes(prefix == null ? "" : prefix);
    }

    /** Parses {@code az://account/container[/prefix]}; the message names the URI and the form expected. */
    public static AzureLocation parse(String uri) {
        String rest = uri.startsWith("az://") ? uri.substring("az://".length()) : null;
        String[] parts = rest == null ? new String[0] : rest.split("/", 3);
        if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException(uri + " is not an Azure Blob location: expected "
                    + "az://<account>/<container>[/<prefix>]");
        }
        return new AzureLocation(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }

    /** The blob name of {@code path} (relative to the prefix); an az:// URI of this container names itself. */
    public String blobName(String path) {
        String own = "az://" + account + "/" + container + "/";
        String p = path.startsWith(own) ? path.substring(own.length()) : join(prefix, path);
        return trimSlashes(p.replaceAll("/+", "/").replaceAll("(^|/)\\./", "$1"));
    }

    /** The URI of {@code path}, for messages: never carries a credential. */
    public String uri(String path) {
        return "az://" + account + "/" + container + "/" + blobName(path);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "/" + b;
    }

    private static String trimSlashes(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '/') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '/') {
            to--;
        }
        return s.substring(from, to);
    }
}
