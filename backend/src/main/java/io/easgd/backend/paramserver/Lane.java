package io.easgd.backend.paramserver;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's serial executor on a shared, bounded pool: the tasks given to a lane run one at a time,
 * in the order given, never two at once — so every state change of a job (its workers' slots, its
 * end) has one owner and one order without a thread of its own. A task that throws is logged; the
 * lane goes on.
 */
final class Lane implements Executor {
    private static final Logger log = LoggerFactory.getLogger(Lane.class);
    /** Tasks run before the lane yields its thread to other lanes. */
    private static final int BATCH = 64;

    private final String name;
    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean scheduled;

    Lane(String name, Executor pool) {
        this.name = name;
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.addLast(task);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        pool.execute(this::drain);
    }

    private void drain() {
        for (int i = 0; i < BATCH; i++) {
            Runnable task;
            synchronized (tasks) {
                task = tasks.pollFirst();
                if (task == null) {
                    scheduled = false;
                    return;
                }
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("{}: a task failed: {}", name, e.toString(), e);
            }
        }
        pool.execute(this::drain);                 // more waiting: let other lanes run first
    }

    @Override
    public String toString() {
        return name;
    }
}
