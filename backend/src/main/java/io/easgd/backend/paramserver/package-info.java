/**
 * The parameter server embedded in the backend, in parts with one job each (docs/protocol.md,
 * "Inside the parameter server"):
 * <ul>
 *   <li>{@link io.easgd.backend.paramserver.Scheduler}: the queue — claims a job when enough agents are idle;</li>
 *   <li>{@link io.easgd.backend.paramserver.WorkerSupervisor}: the only writer of worker slots — ready,
 *       progress, finished, lost, resumed, replaced;</li>
 *   <li>{@link io.easgd.backend.paramserver.ExchangeService}: frame assembly and exchanges, exactly once per
 *       (job, rank, sequence), replies to the agent's current connection;</li>
 *   <li>{@link io.easgd.backend.paramserver.RunLifecycle}: start, evaluation, checkpoints, the end of runs;</li>
 *   <li>{@link io.easgd.backend.paramserver.MetricFlusher}: metric points and progress rows to the database.</li>
 * </ul>
 * Each job's state changes run in order on its {@link io.easgd.backend.paramserver.Lane}; the parts
 * tell each other what happened through the past-tense records of
 * {@link io.easgd.backend.paramserver.RunEvents}; every thread is named and bounded in
 * {@link io.easgd.backend.paramserver.Threads}.
 */
package io.easgd.backend.paramserver;
