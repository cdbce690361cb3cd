package io.jdlio.format;

import io.jdlio.config.ElementType;

/** What a writer needs to lay out one file: the shape of one sample, how many samples, their element type. */
public record FileSpec(long[] sampleShape, int samplesPerFile, ElementType elementType) {

    public long sampleBytes() {
        long n = elementType.bytes();
        for (long d : sampleShape) {
            n *= d;
        }
        return n;
    }

    public long payloadBytes() {
        return sampleBytes() * samplesPerFile;
    }
}
