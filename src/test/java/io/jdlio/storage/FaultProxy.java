package io.jdlio.storage;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of a real storage server (S3Mock, Azurite), for fault tests: every
 * request goes through to the server unchanged except the ones an armed fault takes, which get a real error
 * answer from the proxy (S3's {@code 503 SlowDown} XML, Azure's {@code 503 ServerBusy}, a {@code 429}) or
 * have their connection reset. Each request is sent on a connection of its own and answered with
 * {@code Connection: close}, so a client never reuses a connection the proxy is about to drop, and the only
 * failures a client sees are the ones armed.
 */
public final class FaultProxy implements AutoCloseable {
    /**
     * What an armed request gets instead of the server's answer. {@code S3_COMPLETED_ANSWER_LOST} is a
     * CompleteMultipartUpload whose answer never reaches the client: the first armed request reaches the server,
     * which completes the upload, and its connection is reset instead of answered (a client cuts a connection
     * that stays silent past its stall limit while the store joins the parts); the client's tries after it are
     * answered as S3 answers a Complete of an upload that is completed already, {@code 404 NoSuchUpload}.
     */
    public enum Fault { S3_SLOW_DOWN, AZURE_SERVER_BUSY, TOO_MANY_REQUESTS, RESET, S3_COMPLETED_ANSWER_LOST }

    private final String upstreamHost;
    private final int upstreamPort;
    private final String upstreamPath;
    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger faulted = new AtomicInteger();
    /** Whether a {@link Fault#S3_COMPLETED_ANSWER_LOST} request has reached the server already. */
    private final java.util.concurrent.atomic.AtomicBoolean completedOnce = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Arm arm;
    /** The request lines seen, for a failing test's message (the first 200). */
    private final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());

    /** The fault, how many more requests it takes, and which: method ("" for any) and a part of the path. */
    private record Arm(Fault fault, AtomicInteger left, String method, String pathPart) {
    }

    /** A proxy in front of {@code upstream} (e.g. {@code http://127.0.0.1:9090}, or Azurite's account URL). */
    public FaultProxy(String upstream) throws IOException {
        URI u = URI.create(upstream);
        this.upstreamHost = u.getHost();
        this.upstreamPort = u.getPort();
        this.upstreamPath = u.getRawPath() == null ? "" : u.getRawPath();
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        connections.execute(this::acceptLoop);
    }

    /** The proxy's URL, with the upstream's path (Azurite's account) kept. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort() + upstreamPath;
    }

    /**
     * The next {@code times} requests with method {@code method} ("" for any) whose path contains
     * {@code pathPart} get {@code fault}; {@link Integer#MAX_VALUE} arms it for good.
     */
    public void arm(Fault fault, int times, String method, String pathPart) {
        arm = new Arm(fault, new AtomicInteger(times), method, pathPart);
    }

    public void disarm() {
        arm = null;
    }

    /** Requests that got an armed fault so far. */
    public int faulted() {
        return faulted.get();
    }

    /** The first requests' request lines. */
    public List<String> seen() {
        return List.copyOf(seen);
    }

    /** Requests seen so far. */
    public int requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(60_000);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            if (requests.incrementAndGet() <= 200) {
                seen.add(head.get(0));
            }
            String[] line = head.get(0).split(" ");
            String method = line[0];
            String path = line.length > 1 ? line[1] : "";
            Fault fault = take(method, path);
            boolean expects = header(head, "expect").toLowerCase(Locale.ROOT).contains("100-continue");
            boolean loseAnswer = fault == Fault.S3_COMPLETED_ANSWER_LOST && completedOnce.compareAndSet(false, true);
            if (fault != null && !loseAnswer) {
                faulted.incrementAndGet();
                if (!expects) {
                    readBody(in, head, OutputStream.nullOutputStream());
                }
                if (fault == Fault.RESET) {
                    client.setSoLinger(true, 0);
                    return;
                }
                out.write(error(fault, path));
                out.flush();
                return;
            }
            try (Socket upstream = new Socket(upstreamHost, upstreamPort)) {
                upstream.setSoTimeout(60_000);
                OutputStream up = upstream.getOutputStream();
                StringBuilder forwarded = new StringBuilder(head.get(0)).append("\r\n");
                for (String h : head.subList(1, head.size())) {
                    String name = h.substring(0, Math.max(0, h.indexOf(':'))).trim().toLowerCase(Locale.ROOT);
                    if (!name.equals("connection") && !name.equals("expect")) {
                        forwarded.append(h).append("\r\n");
                    }
                }
                forwarded.append("Connection: close\r\n\r\n");
                up.write(forwarded.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (expects) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                readBody(in, head, up);
                up.flush();
                InputStream down = upstream.getInputStream();
                List<String> response = readHead(down);
                if (loseAnswer) {
                    faulted.incrementAndGet();
                    client.setSoLinger(true, 0);
                    return;
                }
                StringBuilder back = new StringBuilder();
                for (String h : response) {
                    if (!h.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                        back.append(h).append("\r\n");
                    }
                }
                back.append("Connection: close\r\n\r\n");
                out.write(back.toString().getBytes(StandardCharsets.ISO_8859_1));
                down.transferTo(out);
                out.flush();
            }
        } catch (IOException e) {
            // the client or the server went away: the client sees it as such
        }
    }

    private Fault take(String method, String path) {
        Arm a = arm;
        if (a == null || !(a.method().isEmpty() || a.method().equals(method)) || !path.contains(a.pathPart())) {
            return null;
        }
        return a.left().getAndDecrement() > 0 ? a.fault() : null;
    }

    private static byte[] error(Fault fault, String path) {
        String status;
        String body;
        String extra = "";
        switch (fault) {
            case S3_SLOW_DOWN -> {
                status = "503 Slow Down";
                body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code><Message>Please reduce "
                        + "your request rate.</Message><Resource>" + path.replace("&", "&amp;") + "</Resource>"
                        + "<RequestId>FAULTPROXY</RequestId></Error>";
                extra = "x-amz-request-id: FAULTPROXY\r\n";
            }
            case AZURE_SERVER_BUSY -> {
                status = "503 The server is busy.";
                body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>ServerBusy</Code><Message>The server is "
                        + "busy.</Message></Error>";
                extra = "x-ms-error-code: ServerBusy\r\nx-ms-request-id: 00000000-0000-0000-0000-000000000000\r\n";
            }
            case S3_COMPLETED_ANSWER_LOST -> {
                status = "404 Not Found";
                body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchUpload</Code><Message>The "
                        + "specified multipart upload does not exist. The upload ID might be invalid, or the multipart "
                        + "upload might have been aborted or completed.</Message><RequestId>FAULTPROXY</RequestId></Error>";
                extra = "x-amz-request-id: FAULTPROXY\r\n";
            }
            default -> {
                status = "429 Too Many Requests";
                body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>TooManyRequests</Code><Message>Too many "
                        + "requests.</Message></Error>";
                extra = "x-ms-error-code: TooManyRequests\r\n";
            }
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String h = "HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\nContent-Length: " + b.length + "\r\n"
                + extra + "Connection: close\r\n\r\n";
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(h.getBytes(StandardCharsets.ISO_8859_1));
        all.writeBytes(b);
        return all.toByteArray();
    }

    /** The request or status line and the header lines; empty at the end of the stream. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (lines.isEmpty() && line.length() == 0) {
                    return lines;
                }
                throw new EOFException("the stream ended inside an HTTP head");
            }
            if (c == '\n') {
                String l = line.toString();
                line.setLength(0);
                if (l.endsWith("\r")) {
                    l = l.substring(0, l.length() - 1);
                }
                if (l.isEmpty()) {
                    return lines;
                }
                lines.add(l);
            } else {
                line.append((char) c);
            }
        }
    }

    private static String header(List<String> head, String name) {
        for (String h : head.subList(1, head.size())) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return h.substring(colon + 1).trim();
            }
        }
        return "";
    }

    /** Copies the request's body (by Content-Length, or chunk by chunk) from {@code in} to {@code out}. */
    private static void readBody(InputStream in, List<String> head, OutputStream out) throws IOException {
        if (header(head, "transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String size = readLine(in);
                out.write((size + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    String trailer;
                    do {
                        trailer = readLine(in);
                        out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    } while (!trailer.isEmpty());
                    return;
                }
                copy(in, out, n + 2L);
            }
        }
        String length = header(head, "content-length");
        if (!length.isEmpty()) {
            copy(in, out, Long.parseLong(length));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        if (c < 0) {
            throw new EOFException("the stream ended inside a chunked body");
        }
        return b.toString();
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[64 << 10];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException("the stream ended inside a body");
            }
            out.write(buf, 0, r);
            left -= r;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
