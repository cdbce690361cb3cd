package io.jdlio.workload;

import io.jdlio.config.Workload;
import io.jdlio.metrics.RunFacts;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where a trial's DLIO outputs go, and the workload facts its report repeats. */
final class Outputs {
    private Outputs() {
    }

    /** {@code output.folder}, or {@code output/<model>/<date-time>-<pid>} so parallel forks never collide. */
    static Path folder(Workload w) {
        if (w.output().folder() != null) {
            return Path.of(w.output().folder());
        }
        return Path.of("output", w.model().name(), DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss")
                .format(LocalDateTime.now()) + "-" + ProcessHandle.current().pid());
    }

    static RunFacts facts(Workload w, int accelerators, double dataSetGiB, boolean training, double checkpointGiB) {
        return new RunFacts(w.model().name(), accelerators, w.dataset().numFilesTrain(), w.dataset().numFilesEval(),
                w.dataset().numSamplesPerFile(), w.dataset().recordLengthBytes(), w.metricAu(),
                w.reader().batchSize(), w.reader().batchSizeEval(), w.output().excludeStartSteps(),
                w.output().excludeEndSteps(), w.workflow().evaluation() && training, dataSetGiB, training,
                checkpointGiB);
    }
}
