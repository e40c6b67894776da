package io.easgd.core.rules;

import java.util.ArrayList;
import java.util.List;

/** What the hand-computed rule tests share: a linear gradient, float literals, the master's center. */
final class RuleFixtures {
    private RuleFixtures() {
    }

    /** g(x) = x, the gradient of ‖x‖²/2, recording where it was asked. */
    static final class Linear implements Gradient {
        final List<float[]> points = new ArrayList<>();

        @Override
        public double compute(float[] at, float[] out) {
            points.add(at.clone());
            System.arraycopy(at, 0, out, 0, at.length);
            return 0;
        }
    }

    static float[] v(float... xs) {
        return xs;
    }

    /** A copy of the master's center x̃. */
    static float[] center(MasterRule m) {
        float[] c = new float[m.size()];
        m.copyCenter(c);
        return c;
    }
}
