package io.jdlio.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Everything one accelerator recorded in one epoch: its blocks, its evaluation, the bytes it read. */
public final class AcceleratorEpoch {
    public final int epoch;
    public final List<Block> blocks = new ArrayList<>();
    public final List<CheckpointTiming> checkpoints = new ArrayList<>();
    public Block eval;
    public String start;
    public String end;
    public Map<String, String> meminfo = Map.of();
    public long trainBytesRead;
    public long trainSamples;
    public long evalBytesRead;
    public double trainSeconds;
    /** The training sample reads' durations, all of this accelerator's reader threads merged. */
    public Latency readLatency = new Latency();

    public AcceleratorEpoch(int epoch) {
        this.epoch = epoch;
    }
}
