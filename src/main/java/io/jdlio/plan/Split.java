package io.jdlio.plan;

/** The two halves of a DLIO dataset and their folders. */
public enum Split {
    TRAIN("train"), VALID("valid");

    private final String folder;

    Split(String folder) {
        this.folder = folder;
    }

    public String folder() {
        return folder;
    }
}
