package io.jdlio.format;

import io.jdlio.config.DatasetConfig;
import io.jdlio.config.DatasetRules;

/** The formats' checks of the dataset section, as the service config runs on every load. */
public final class FormatRules implements DatasetRules {
    @Override
    public void check(String source, DatasetConfig dataset) {
        Formats.descriptor(dataset.format()).ifPresent(f -> f.validate(source, dataset));
    }
}
