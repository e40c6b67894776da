/**
 * The parameter server embedded in the backend: one center per running job, the master side of its
 * rule applied atomically per exchange, scheduling of queued jobs onto free agents, replacement of
 * lost workers, evaluation of the center, checkpoints and the model download.
 */
package io.easgd.backend.paramserver;
