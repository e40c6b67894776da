package io.easgd.core.search;

import java.util.Locale;
import java.util.Random;
import org.apache.commons.math3.random.SobolSequenceGenerator;

/**
 * The points in [0, 1)^d a sampled search draws its runs from: independent seeded draws, or a Sobol sequence
 * (commons-math3's, Joe & Kuo direction numbers) shifted by a seeded random offset modulo 1 (a Cranley–Patterson
 * rotation: each seed gives another equally even cover of the space). The same method, dimension, count and seed
 * give the same points.
 */
public final class UnitSamples {
    public enum Method {
        RANDOM, SOBOL;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The most dimensions (axes) the Sobol generator has direction numbers for. */
    public static final int MAX_DIMENSIONS = 1000;

    private UnitSamples() {
    }

    public static double[][] points(Method method, int dimensions, int count, long seed) {
        if (dimensions < 1 || dimensions > MAX_DIMENSIONS || count < 0) {
            throw new IllegalArgumentException("need 1..1000 dimensions and count >= 0, found " + dimensions + ", " + count);
        }
        Random random = new Random(seed);
        double[][] out = new double[count][];
        if (method == Method.RANDOM) {
            for (int i = 0; i < count; i++) {
                out[i] = new double[dimensions];
                for (int d = 0; d < dimensions; d++) {
                    out[i][d] = random.nextDouble();
                }
            }
            return out;
        }
        double[] shift = new double[dimensions];
        for (int d = 0; d < dimensions; d++) {
            shift[d] = random.nextDouble();
        }
        SobolSequenceGenerator sobol = new SobolSequenceGenerator(dimensions);
        for (int i = 0; i < count; i++) {
            double[] x = sobol.nextVector();
            for (int d = 0; d < dimensions; d++) {
                double v = x[d] + shift[d];
                x[d] = v >= 1 ? v - 1 : v;
            }
            out[i] = x;
        }
        return out;
    }
}
