package io.easgd.core.sim;

import io.easgd.core.model.FlatNetwork;
import io.easgd.core.rules.Gradient;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.training.JobModel;

/**
 * What the virtual cluster trains: a spec, its initial center, each worker's gradient oracle and
 * the evaluation of a point. {@link #of(JobModel)} is the job's real DL4J model; unit tests give a toy.
 */
interface Task {
    JobSpec spec();

    float[] initialParams();

    /** Worker {@code rank}'s oracle, made on that worker's thread. */
    Gradient gradient(int rank);

    /** Test loss and error at {@code params}. */
    FlatNetwork.Score evaluate(float[] params);

    static Task of(JobModel model) {
        FlatNetwork evalNet = model.newNetwork();
        return new Task() {
            @Override
            public JobSpec spec() {
                return model.spec();
            }

            @Override
            public float[] initialParams() {
                return evalNet.initialParams();
            }

            @Override
            public Gradient gradient(int rank) {
                return model.gradient(rank, model.newNetwork());
            }

            @Override
            public FlatNetwork.Score evaluate(float[] params) {
                return model.evaluate(evalNet, params);
            }
        };
    }
}
