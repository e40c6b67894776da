/**
 * The paper's update rules on flat {@code float[]} parameter vectors, each split into the side a
 * worker runs and the side the master (parameter server) runs, so that the same code serves the
 * in-process runner and the network. Reference: Zhang, Choromanska, LeCun, "Deep learning with
 * Elastic Averaging SGD", NIPS 2015, restated in {@code shared/spec/algorithms.md}.
 *
 * <p>Call order on a worker: {@link io.easgd.core.rules.WorkerRule#init init(x̃)}, then
 * {@link io.easgd.core.rules.WorkerRule#step step(gradient, exchange)} once per local step; the rule
 * itself decides whether the step is an exchange step ({@code t mod τ == 0}) and where the step's
 * gradient is taken. On the master: {@link io.easgd.core.rules.MasterRule#init init(x̃₀)} (or
 * {@link io.easgd.core.rules.MasterRule#restore restore(state)} to resume), then per worker exchange
 * either {@link io.easgd.core.rules.MasterRule#submit submit(worker, up, down, reply)}, which never
 * blocks (a synchronous round replies to all its workers when its last upload arrives), or the
 * blocking {@link io.easgd.core.rules.MasterRule#exchange exchange(worker, up, down)} built on it;
 * each is atomic for the job. {@link io.easgd.core.rules.MasterRule#snapshot snapshot()} copies the
 * whole master state for a checkpoint.
 */
package io.easgd.core.rules;
