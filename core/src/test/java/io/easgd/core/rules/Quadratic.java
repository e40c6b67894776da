package io.easgd.core.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * g(x) = h (x − optimum) + noise: the gradient of f(x) = h‖x − optimum‖²/2, recording every point
 * it is asked about, so tests can check where a rule took its gradient.
 */
final class Quadratic implements Gradient {
    final float h;
    final float[] optimum;
    final List<float[]> points = new ArrayList<>();
    private final java.util.Random noise;
    private final float sigma;

    Quadratic(float h, float[] optimum) {
        this(h, optimum, 0f, 0L);
    }

    Quadratic(float h, float[] optimum, float sigma, long seed) {
        this.h = h;
        this.optimum = optimum;
        this.sigma = sigma;
        this.noise = new java.util.Random(seed);
    }

    @Override
    public double compute(float[] at, float[] out) {
        points.add(at.clone());
        double f = 0;
        for (int k = 0; k < at.length; k++) {
            float d = at[k] - optimum[k];
            out[k] = h * d + (sigma == 0 ? 0 : (float) (sigma * noise.nextGaussian()));
            f += 0.5 * h * d * d;
        }
        return f;
    }

    static Quadratic unit(int n) {
        return new Quadratic(1f, new float[n]);
    }
}
