package io.jdlio.sweep;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trial of a sweep: the accelerator count tried, the training AU and samples/s it measured (means over its
 * measured epochs), whether that AU meets the workload's threshold, the steps each accelerator ran per epoch, and
 * the output folder with the trial's DLIO files.
 */
public record Probe(int accelerators, double auPercent, double samplesPerSecond, boolean passed,
                    long stepsPerAccelerator, int epochs, String output) {

    /** The probe as sweep.json carries it. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accelerators", accelerators);
        m.put("au_percent", auPercent);
        m.put("samples_per_second", samplesPerSecond);
        m.put("passed", passed);
        m.put("steps_per_accelerator", stepsPerAccelerator);
        m.put("epochs", epochs);
        m.put("output", output);
        return m;
    }
}
