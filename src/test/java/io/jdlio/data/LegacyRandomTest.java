package io.jdlio.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdlio.Python;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The legacy RNG agrees with numpy's RandomState bit for bit (checked by running numpy). */
class LegacyRandomTest {

    @Test
    void normalDrawsMatchNumpy() throws Exception {
        String out = Python.run("import numpy as np\nnp.random.seed(10)\n"
                + "print(' '.join(repr(float(v)) for v in np.random.normal(12107, 2822.204974094854, 9)))\n"
                + "print(' '.join(repr(float(v)) for v in np.random.normal(5, 2, 3)))\n");
        String[] lines = out.trim().split("\n");
        LegacyRandom r = new LegacyRandom(10);
        double[] first = Arrays.stream(lines[0].split(" ")).mapToDouble(Double::parseDouble).toArray();
        double[] second = Arrays.stream(lines[1].split(" ")).mapToDouble(Double::parseDouble).toArray();
        for (double expected : first) {
            assertEquals(expected, r.normal(12107, 2822.204974094854), 0.0);
        }
        for (double expected : second) {
            assertEquals(expected, r.normal(5, 2), 0.0, "the cached second gauss carries across calls");
        }
    }

    @Test
    void shuffleAndUniformMatchNumpy() throws Exception {
        String out = Python.run("import numpy as np\nnp.random.seed(124)\na = np.arange(1000)\nnp.random.shuffle(a)\n"
                + "print(' '.join(map(str, a)))\nprint(repr(float(np.random.random_sample())))\n");
        String[] lines = out.trim().split("\n");
        int[] expected = Arrays.stream(lines[0].split(" ")).mapToInt(Integer::parseInt).toArray();
        LegacyRandom r = new LegacyRandom(124);
        int[] a = new int[1000];
        Arrays.setAll(a, i -> i);
        r.shuffle(a);
        assertArrayEquals(expected, a);
        assertEquals(Double.parseDouble(lines[1]), r.nextDouble(), 0.0);
    }
}
