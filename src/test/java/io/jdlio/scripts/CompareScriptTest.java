package io.jdlio.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.Python;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * scripts/compare's own tests (src/test/python, on the fixtures in src/test/resources/compare) run here, so
 * that mvn verify and CI run them: a deliberate slowdown flagged, a slower machine calibrated away, report
 * mode never failing, gating mode failing past the threshold. scripts/parquet-iolog.py's tests (the byte ranges
 * scripts/compare-parquet-fio has fio read) are found there too.
 */
class CompareScriptTest {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void compareScriptPassesItsFixtureTests() throws Exception {
        Process p = new ProcessBuilder(Python.PYTHON, "-m", "unittest", "discover", "-v", "-s", "src/test/python")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> "scripts/compare's tests failed:\n" + out);
        assertTrue(out.contains("test_deliberate_slowdown_is_flagged"), () -> "the tests did not run:\n" + out);
    }
}
