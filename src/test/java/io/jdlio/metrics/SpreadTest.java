package io.jdlio.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** DLIO's mean and stdev are numpy's: the population standard deviation. */
class SpreadTest {
    @Test
    void populationStdev() {
        Spread s = Spread.of(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
        assertEquals(5, s.mean(), 1e-12);
        assertEquals(2, s.stdev(), 1e-12);
    }

    @Test
    void noValuesHaveNoMean() {
        Spread s = Spread.of(new double[0]);
        assertTrue(Double.isNaN(s.mean()) && Double.isNaN(s.stdev()));
    }
}
