package io.jdlio.plan;

/** Receives samples in read order. */
@FunctionalInterface
public interface SampleVisitor {
    void sample(int fileIndex, int sampleInFile);

    /**
     * Samples {@code first} to {@code first + count - 1} of one file, in that order: what an unshuffled segment
     * hands over at once, so a visitor can deal with a row group's samples together instead of one call each.
     */
    default void run(int fileIndex, int first, int count) {
        for (int i = 0; i < count; i++) {
            sample(fileIndex, first + i);
        }
    }
}
