/**
 * Sweeps: one submission expanded to a grid of ordinary jobs, their results read from the jobs'
 * metric points, the paper's experiment as a preset and its verdict.
 */
package io.easgd.backend.sweeps;
