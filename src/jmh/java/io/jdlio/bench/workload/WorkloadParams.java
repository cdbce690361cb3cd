package io.jdlio.bench.workload;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** The parameters every workload benchmark takes, so one -p list drives them all. */
@State(Scope.Benchmark)
public abstract class WorkloadParams {

    /** A DLIO YAML: a path, a name in workloads/, or a workload bundled in the jar. */
    @Param("unet3d_smoke.yaml")
    public String config;

    /**
     * Overrides separated by ';' (JMH splits -p values on ','), e.g. dataset.num_files_train=32;reader.batch_size=4;
     * a ',' inside one is %2C, as the launcher writes the Hydra arguments of its command line here.
     */
    @Param("")
    public String overrides;

    /** Emulated accelerators, DLIO's ranks (comm_size). */
    @Param("1")
    public int accelerators;
}
