package io.easgd.core.rules;

/**
 * The master (parameter server) side of an update rule, holding the center variable x̃ of one job.
 * Every exchange is atomic for the job: concurrent workers never see or produce a half-applied
 * update, and an upload holding NaN or ±Inf is refused before it touches the center.
 */
public abstract class MasterRule {

    protected float[] center;
    private long updates;

    /** x̃ ← x̃₀ (copied). */
    public synchronized void init(float[] initialCenter) {
        center = initialCenter.clone();
        updates = 0;
        onInit();
    }

    /** Hook for rules that keep more state than x̃ (momentum, averages). */
    protected void onInit() {
    }

    /**
     * Applies one worker's upload and writes the reply, atomically.
     *
     * @return the elastic distance ‖x_i − x̃‖ measured before the move, or NaN where the rule
     *     does not see x_i (DOWNPOUR uploads updates, not parameters)
     * @throws NonFiniteUploadException when {@code up} holds NaN or ±Inf; the center is untouched
     */
    public final synchronized double exchange(int worker, float[] up, float[] down) {
        Vec.requireFinite(up, worker);
        double distance = apply(worker, up, down);
        updates++;
        afterUpdate(updates);
        return distance;
    }

    /** The rule itself; called under the job's lock with a finite {@code up}. */
    protected abstract double apply(int worker, float[] up, float[] down);

    /** Hook after master update number {@code t} (1-based). */
    protected void afterUpdate(long t) {
    }

    /** Copies the variable the master evaluates (x̃, or the averaged z) into {@code dst}. */
    public synchronized void copyEvaluated(float[] dst) {
        System.arraycopy(evaluated(), 0, dst, 0, dst.length);
    }

    /** Copies x̃ into {@code dst}. */
    public synchronized void copyCenter(float[] dst) {
        System.arraycopy(center, 0, dst, 0, dst.length);
    }

    /** The variable the master evaluates; x̃ unless the rule averages. Called under the lock. */
    protected float[] evaluated() {
        return center;
    }

    /** Master updates applied since {@link #init}. */
    public synchronized long updates() {
        return updates;
    }

    public synchronized int size() {
        return center.length;
    }

    /**
     * The job ended: wakes any exchange still waiting inside the rule (a synchronous round whose
     * other workers will never come) so that its thread is not held forever.
     */
    public synchronized void close() {
        notifyAll();
    }
}
