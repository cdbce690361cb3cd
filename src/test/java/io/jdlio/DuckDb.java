package io.jdlio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens a Parquet file with DuckDB (npm, installed by scripts/install-test-deps): a reader jdlio did not write.
 * Returns what tools/parquet-check/check.mjs prints: columns with their types, every column chunk of every row
 * group with codec and sizes, and per column a figure that needs every value decoded.
 */
public final class DuckDb {
    private static final Path CHECK = Path.of("tools/parquet-check/check.mjs").toAbsolutePath();

    private DuckDb() {
    }

    public static JsonNode inspect(Path parquet) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("node", CHECK.toString(), parquet.toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> "DuckDB could not read " + parquet + ":\n" + out
                + "\n(run scripts/install-test-deps if @duckdb/node-api is missing)");
        return new ObjectMapper().readTree(out);
    }
}
