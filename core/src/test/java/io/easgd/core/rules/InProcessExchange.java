package io.easgd.core.rules;

import java.util.ArrayList;
import java.util.List;

/** An {@link Exchange} that calls a master directly, counting calls and recording what went up. */
final class InProcessExchange implements Exchange {
    final MasterRule master;
    final int worker;
    final List<float[]> uploads = new ArrayList<>();
    final List<Double> distances = new ArrayList<>();

    InProcessExchange(MasterRule master, int worker) {
        this.master = master;
        this.worker = worker;
    }

    @Override
    public void exchange(float[] up, float[] down) {
        uploads.add(up.clone());
        distances.add(master.exchange(worker, up, down));
    }

    float[] center() {
        float[] c = new float[master.size()];
        master.copyCenter(c);
        return c;
    }
}
