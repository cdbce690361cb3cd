package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** read_threads and prefetch_size become one loader shape, which the buffers and the loader both follow. */
class LoaderShapeTest {
    @Test
    void withoutWorkersTheAcceleratorReadsIntoOneBufferOfItsOwn() {
        LoaderShape s = LoaderShape.of(0, 8);
        assertTrue(s.synchronous());
        assertEquals(1, s.owners());
        assertEquals(1, s.slots());
        assertEquals(0, s.ownerOf(7));
    }

    @Test
    void workersSplitThePrefetchRoundingUpAndOwnItPlusTheBatchInCompute() {
        LoaderShape s = LoaderShape.of(4, 10);
        assertFalse(s.synchronous());
        assertEquals(3, s.prefetchPerWorker());
        assertEquals(4, s.slots());
        assertEquals(4, s.owners());
        assertEquals(2, s.ownerOf(6));
    }

    @Test
    void aPrefetchOfZeroIsPyTorchsDefaultOfTwo() {
        assertEquals(2, LoaderShape.of(3, 0).prefetchPerWorker());
        assertEquals(3, LoaderShape.of(3, 0).slots());
    }

    @Test
    void buffersAreLaidOutByTheShape() {
        LoaderBuffers b = new LoaderBuffers(LoaderShape.of(2, 5), 16, 8);
        assertEquals(2, b.batches.length);
        assertEquals(4, b.batches[0].length);
        assertEquals(2, b.reads.length);
        LoaderBuffers sync = new LoaderBuffers(LoaderShape.of(0, 5), 16, 8);
        assertEquals(1, sync.batches.length);
        assertEquals(1, sync.batches[0].length);
    }
}
