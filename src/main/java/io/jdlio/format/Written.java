package io.jdlio.format;

/**
 * One object a format's write published, with the bytes its writer committed. A commit publishes the object
 * whole or fails (a file is renamed into place; one PUT carries its length; a multipart upload is HEADed before
 * its commit returns), so these are the bytes the store holds, and the generation's ledger records them
 * without asking the store again: on an object store that question is a HEAD a file, which the plain client
 * jdlio is measured against never sends.
 */
public record Written(String path, long bytes) {
}
