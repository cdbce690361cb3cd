package io.jdlio.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Storage contract on a real Azure Blob service (Azurite). */
class AzureBlobStorageTest {
    private static final AzureSettings SMALL_BLOCKS = AzureSettings.defaults().withBlockSize(64 << 10)
            .withMaxConcurrency(3).withParallelReadThreshold(256 << 10);

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void put(Storage s, String path, byte[] content, int chunk) throws IOException {
        try (ObjectWriter w = s.create(path)) {
            for (int i = 0; i < content.length; i += chunk) {
                w.write(ByteBuffer.wrap(content, i, Math.min(chunk, content.length - i)));
            }
            w.commit(false);
        }
    }

    private static byte[] readAll(Storage s, String path, int chunk) throws IOException {
        try (ObjectReader r = s.open(path)) {
            byte[] out = new byte[(int) r.size()];
            for (int i = 0; i < out.length; i += chunk) {
                int n = Math.min(chunk, out.length - i);
                assertEquals(n, r.read(i, ByteBuffer.wrap(out, i, n)));
            }
            return out;
        }
    }

    @Test
    void smallObjectIsOnePutAndReadsBack() throws IOException {
        try (AzureBlobStorage s = Azurite.storage(Azurite.freshUri("data"), SMALL_BLOCKS)) {
            byte[] b = "hello, blob".getBytes(StandardCharsets.UTF_8);
            put(s, "train/a.npz", b, 4);
            assertEquals(OptionalLong.of(b.length), s.size("train/a.npz"));
            assertArrayEquals(b, readAll(s, "train/a.npz", 3));
            put(s, "train/empty.bin", new byte[0], 1);
            assertEquals(OptionalLong.of(0), s.size("train/empty.bin"));
            try (ObjectReader r = s.open("train/empty.bin")) {
                assertEquals(0, r.size());
                assertEquals(0, r.read(0, ByteBuffer.allocate(4)));
            }
            try (ObjectReader r = s.open("train/a.npz")) {
                ByteBuffer tail = ByteBuffer.allocate(4);
                assertEquals(4, r.read(b.length - 4, tail), "the first read learns the size, with no HEAD");
                assertEquals(b.length, r.size());
            }
        }
    }

    @Test
    void bytesOfABlobHeldWholeCanBeOverwrittenUntilCommitAndNotOnceBlocksAreStaged() throws IOException {
        try (AzureBlobStorage s = Azurite.storage(Azurite.freshUri("patch"), SMALL_BLOCKS)) {
            byte[] b = bytes(50_000, 3);
            try (ObjectWriter w = s.create("a.npz")) {
                assertTrue(w.canWriteAt(b.length), "under one 64 KiB block: held until one PUT");
                for (int i = 0; i < b.length; i += 7000) {
                    w.write(ByteBuffer.wrap(b, i, Math.min(7000, b.length - i)));
                }
                byte[] header = bytes(30, 4);
                w.writeAt(10, ByteBuffer.wrap(header));
                System.arraycopy(header, 0, b, 10, header.length);
                w.commit(false);
            }
            assertArrayEquals(b, readAll(s, "a.npz", b.length));
            try (ObjectWriter w = s.create("big.npz")) {
                assertFalse(w.canWriteAt(64 << 10), "a whole block is staged as soon as it is full");
                assertFalse(w.canWriteAt(-1));
                w.write(ByteBuffer.wrap(bytes(200_000, 5)));
                IOException e = assertThrows(IOException.class, () -> w.writeAt(0, ByteBuffer.allocate(4)));
                assertTrue(e.getMessage().contains("blocks already staged"), e.getMessage());
            }
        }
    }

    @Test
    void largeObjectIsStagedInBlocksAndReadBySequentialRandomAndParallelReads() throws IOException {
        try (AzureBlobStorage s = Azurite.storage(Azurite.freshUri("ckpt"), SMALL_BLOCKS)) {
            byte[] b = bytes((1 << 20) + 12345, 7);
            long before = s.requests();
            put(s, "layer-0.pt", b, 10_000);
            // 17 blocks staged + one commit + one size check: more than one PUT
            assertTrue(s.requests() - before >= 19, "requests: " + (s.requests() - before));
            assertEquals(OptionalLong.of(b.length), s.size("layer-0.pt"));
            assertArrayEquals(b, readAll(s, "layer-0.pt", 1000), "sequential small reads with read-ahead");
            assertArrayEquals(b, readAll(s, "layer-0.pt", b.length), "one read split into parallel ranged GETs");
            try (ObjectReader r = s.open("layer-0.pt", b.length)) {
                ByteBuffer mid = ByteBuffer.allocate(5000);
                assertEquals(5000, r.read(700_001, mid));
                assertArrayEquals(java.util.Arrays.copyOfRange(b, 700_001, 705_001), mid.array());
                ByteBuffer tail = ByteBuffer.allocate(100);
                assertEquals(45, r.read(b.length - 45, tail), "a read past the end is short");
                assertEquals(0, r.read(b.length, ByteBuffer.allocate(10)));
            }
        }
    }

    @Test
    void everyPutBlockCommitAndGetIsTimedOnce() throws IOException {
        try (AzureBlobStorage s = Azurite.storage(Azurite.freshUri("timed"), SMALL_BLOCKS)) {
            byte[] small = bytes(1000, 3);
            byte[] large = bytes((1 << 20) + 12345, 4);
            io.jdlio.metrics.ObjectRequest.drain();
            put(s, "small.bin", small, 100);
            put(s, "large.bin", large, 10_000);
            Map<io.jdlio.metrics.ObjectRequest, io.jdlio.metrics.Latency> puts = io.jdlio.metrics.ObjectRequest.drain();
            assertEquals(1, puts.get(io.jdlio.metrics.ObjectRequest.AZURE_PUT).count(), puts.toString());
            // 1 MiB + 12345 bytes in 64 KiB blocks: 17 blocks, one block list
            assertEquals(17, puts.get(io.jdlio.metrics.ObjectRequest.AZURE_PUT_BLOCK).count());
            assertEquals(1, puts.get(io.jdlio.metrics.ObjectRequest.AZURE_PUT_BLOCK_LIST).count());
            try (ObjectReader r = s.open("large.bin", large.length)) {
                // one read past the parallel threshold: a ranged GET per 64 KiB block
                assertEquals(large.length, r.read(0, ByteBuffer.allocate(large.length)));
            }
            Map<io.jdlio.metrics.ObjectRequest, io.jdlio.metrics.Latency> gets = io.jdlio.metrics.ObjectRequest.drain();
            assertEquals(17, gets.get(io.jdlio.metrics.ObjectRequest.AZURE_GET).count(), gets.toString());
            assertEquals(17, gets.get(io.jdlio.metrics.ObjectRequest.AZURE_GET_FIRST_BYTE).count());
            for (io.jdlio.metrics.Latency l : List.of(puts.get(io.jdlio.metrics.ObjectRequest.AZURE_PUT_BLOCK),
                    gets.get(io.jdlio.metrics.ObjectRequest.AZURE_GET))) {
                io.jdlio.metrics.Latency.Percentiles p = l.percentiles();
                assertTrue(p.p50() > 0 && p.p50() <= p.p99() && p.p99() <= p.p999() && p.p999() <= p.max(),
                        p.toString());
            }
        }
    }

    @Test
    void abortedOrUnclosedWritersLeaveNoBlob() throws IOException {
        try (AzureBlobStorage s = Azurite.storage(Azurite.freshUri("data"), SMALL_BLOCKS)) {
            try (ObjectWriter w = s.create("big.bin")) {
                w.write(ByteBuffer.wrap(bytes(300_000, 1)));
                w.abort();
            }
            try (ObjectWriter w = s.create("small.bin")) {
                w.write(ByteBuffer.wrap(bytes(10, 1)));
            }
            assertEquals(OptionalLong.empty(), s.size("big.bin"), "staged blocks are not a blob");
            assertEquals(OptionalLong.empty(), s.size("small.bin"));
            assertEquals(List.of(), s.list(""));
            // an earlier version stays whole when a rewrite is aborted
            byte[] v1 = bytes(200_000, 2);
            put(s, "big.bin", v1, 50_000);
            try (ObjectWriter w = s.create("big.bin")) {
                w.write(ByteBuffer.wrap(bytes(300_000, 3)));
            }
            assertArrayEquals(v1, readAll(s, "big.bin", 70_000));
        }
    }

    @Test
    void listDeleteAndFolders() throws IOException {
        try (AzureBlobStorage s = Azurite.storage(Azurite.freshUri("root/prefix"), SMALL_BLOCKS)) {
            put(s, "train/b.npz", new byte[3], 3);
            put(s, "train/a.npz", new byte[3], 3);
            put(s, "train/sub/c.npz", new byte[3], 3);
            put(s, "valid/d.npz", new byte[3], 3);
            s.makeFolder("train/empty");
            assertEquals(List.of("a.npz", "b.npz", "sub"), s.list("train"));
            assertEquals(List.of("train", "valid"), s.list(""));
            assertEquals(List.of(), s.list("absent"));
            s.delete("train/b.npz");
            s.delete("train/never-there.npz");
            assertEquals(List.of("a.npz", "sub"), s.list("train"));
            s.deleteFolder("train");
            assertEquals(List.of(), s.list("train"));
            assertEquals(List.of("d.npz"), s.list("valid"));
            s.deleteFolder("absent");
            assertEquals(OptionalLong.empty(), s.size("train/a.npz"));
            try (ObjectReader r = s.open("train/a.npz")) {
                assertThrows(java.nio.file.NoSuchFileException.class, () -> r.read(0, ByteBuffer.allocate(1)));
            }
        }
    }

    @Test
    void appendAddsRecordsToOneBlob() throws IOException {
        try (AzureBlobStorage s = Azurite.storage(Azurite.freshUri("data"), SMALL_BLOCKS)) {
            s.append(".ledger", "one\n".getBytes(StandardCharsets.UTF_8));
            s.append(".ledger", "two\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("one\ntwo\n", new String(readAll(s, ".ledger", 100), StandardCharsets.UTF_8));
        }
    }

    @Test
    void accountKeyAndSasFromTheEnvironmentWork() throws IOException {
        String endpoint = Azurite.endpoint();
        String uri = Azurite.freshUri("p");
        AzureCredentials key = AzureCredentials.fromEnvironment(
                Map.of("AZURE_STORAGE_KEY", Azurite.KEY), Azurite.ACCOUNT, endpoint);
        assertEquals(AzureCredentials.Kind.ACCOUNT_KEY, key.kind());
        try (AzureBlobStorage s = new AzureBlobStorage(AzureLocation.parse(uri), key, SMALL_BLOCKS)) {
            put(s, "x", new byte[] {1, 2}, 2);
            assertEquals(OptionalLong.of(2), s.size("x"));
        }
        assertFalse(key.toString().contains(Azurite.KEY));
        AzureCredentials cs = AzureCredentials.fromEnvironment(
                Map.of("AZURE_STORAGE_CONNECTION_STRING", Azurite.connectionString()), "other", null);
        assertEquals(endpoint, cs.endpoint());
        assertFalse(cs.toString().contains(Azurite.KEY));
    }

    @Test
    void deadServerGivesOneLineNamingEndpointAndBlobWithinSeconds() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port + "/" + Azurite.ACCOUNT;
        AzureCredentials creds = AzureCredentials.accountKey(Azurite.KEY, endpoint);
        try (AzureBlobStorage s = new AzureBlobStorage(AzureLocation.parse("az://devstoreaccount1/c/p"), creds,
                SMALL_BLOCKS)) {
            IOException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(IOException.class, () -> put(s, "train/img_1.npz", bytes(200_000, 1), 4096)));
            String m = e.getMessage();
            assertTrue(m.contains(endpoint), m);
            assertTrue(m.contains("az://devstoreaccount1/c/p/train/img_1.npz"), m);
            assertFalse(m.contains("\n"), m);
            assertFalse(m.contains(Azurite.KEY), m);
            assertTrue(s.retried() >= 3, "retries counted: " + s.retried());
            assertTrue(s.retries().orElseThrow().connectionResets() >= 3, "by cause: " + s.retries());
        }
    }

    @Test
    void locationsParseAndNameBlobs() {
        AzureLocation l = AzureLocation.parse("az://acct/cont/a/b/");
        assertEquals(new AzureLocation("acct", "cont", "a/b"), l);
        assertEquals("a/b/train/x.npz", l.blobName("train/x.npz"));
        assertEquals("a/b/train/x.npz", l.blobName("./train//x.npz"));
        assertEquals("other/y", l.blobName("az://acct/cont/other/y"));
        assertEquals("az://acct/cont/a/b/z", l.uri("z"));
        assertEquals("", AzureLocation.parse("az://acct/cont").prefix());
        assertThrows(IllegalArgumentException.class, () -> AzureLocation.parse("az://acct"));
        assertThrows(IllegalArgumentException.class, () -> AzureLocation.parse("s3://acct/cont"));
    }
}
