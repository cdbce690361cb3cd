package io.jdlio.plan;

/** Receives samples in read order. */
@FunctionalInterface
public interface SampleVisitor {
    void sample(int fileIndex, int sampleInFile);
}
