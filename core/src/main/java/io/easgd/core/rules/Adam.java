package io.easgd.core.rules;

/**
 * Adam on one worker (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015,
 * Algorithm 1), in PyTorch's form and with its defaults β1 = 0.9, β2 = 0.999, ε = 1e-8. A local
 * rule: it never exchanges by itself; {@link Diloco.Worker} runs it as DiLoCo's inner optimiser.
 *
 * <pre>
 * m ← 0 ; v ← 0 ; t ← 0
 * loop:
 *     g ← g(x) ; t ← t + 1
 *     m ← β1 m + (1 − β1) g
 *     v ← β2 v + (1 − β2) g²
 *     x ← x − η (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
 * </pre>
 * Weight decay, when the job has one, is in g (L2, λx added to the gradient), not decoupled as in
 * AdamW.
 */
public final class Adam {
    /** PyTorch's default β1. */
    public static final float BETA1 = 0.9f;
    /** PyTorch's default β2. */
    public static final float BETA2 = 0.999f;
    /** PyTorch's default ε. */
    public static final float EPSILON = 1e-8f;

    private Adam() {
    }

    public static final class Worker extends BaseWorker {
        private final float eta;
        private float[] m;
        private float[] v;

        public Worker(float eta) {
            this.eta = eta;
        }

        @Override
        protected void onInit() {
            m = new float[x.length];
            v = new float[x.length];
        }

        @Override
        public double step(Gradient gradient, Exchange exchange) {
            double loss = gradient.compute(x, g);          // g(x)
            t++;
            float c1 = (float) (1 - Math.pow(BETA1, t));   // bias corrections 1 − β^t
            float c2 = (float) (1 - Math.pow(BETA2, t));
            for (int k = 0; k < x.length; k++) {
                m[k] = BETA1 * m[k] + (1 - BETA1) * g[k];
                v[k] = BETA2 * v[k] + (1 - BETA2) * g[k] * g[k];
                x[k] -= eta * (m[k] / c1) / ((float) Math.sqrt(v[k] / c2) + EPSILON);
            }
            return loss;
        }

        /** The first moment m, live. */
        public float[] firstMoment() {
            return m;
        }

        /** The second moment v, live. */
        public float[] secondMoment() {
            return v;
        }

        @Override
        public int[] payloadFloats() {
            return new int[] {0, 0};
        }

        @Override
        public WorkerRule copy() {
            return new Worker(eta);
        }
    }
}
