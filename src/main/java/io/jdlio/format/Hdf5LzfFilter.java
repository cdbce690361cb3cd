package io.jdlio.format;

import com.ning.compress.lzf.ChunkEncoder;
import com.ning.compress.lzf.LZFEncoder;
import com.ning.compress.lzf.util.ChunkEncoderFactory;
import io.jhdf.filter.LzfFilter;
import java.io.ByteArrayOutputStream;

/**
 * h5py's LZF filter (id 32000) with an encoder, which jhdf lacks: a chunk becomes one raw LZF stream, the form
 * h5py's filter decodes. compress-lzf frames its output in blocks of at most 64 KiB ("ZV" headers); the block
 * bodies are raw LZF and stay valid when concatenated (back references never reach before their block), and a
 * block it stored uncompressed becomes LZF literal runs. h5py stores an incompressible chunk raw and flags it;
 * jhdf cannot flag chunks, so such a chunk is written as literal runs (1 byte per 32 more), which h5py reads.
 */
final class Hdf5LzfFilter extends LzfFilter {
    /** h5py's filter version and liblzf's, then the chunk size, as h5py sets them. */
    static int[] clientData(long chunkBytes) {
        return new int[] {4, 0x0105, (int) chunkBytes};
    }

    @Override
    public byte[] encode(byte[] data, int[] filterData) {
        ChunkEncoder encoder = ChunkEncoderFactory.safeInstance(0xFFFF);
        // room for the encoder's worst case (a block of literals, 1 byte per 32 more, and its header): it writes
        // the compressed form out before falling back to storing the block, so a block's size is not enough
        byte[] framed = new byte[LZFEncoder.estimateMaxWorkspaceSize(0xFFFF)];
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + data.length / 32 + 16);
        for (int at = 0; at < data.length; at += 0xFFFF) {
            int n = Math.min(0xFFFF, data.length - at);
            encoder.appendEncodedChunk(data, at, n, framed, 0);
            if (framed[2] == 1) {
                // compressed block: Z V 1, compressed length, original length, then raw LZF
                int length = (framed[3] & 0xFF) << 8 | framed[4] & 0xFF;
                out.write(framed, 7, length);
            } else {
                for (int run = 0; run < n; run += 32) {
                    int k = Math.min(32, n - run);
                    out.write(k - 1);
                    out.write(data, at + run, k);
                }
            }
        }
        return out.toByteArray();
    }
}
