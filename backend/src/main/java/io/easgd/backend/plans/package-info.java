/**
 * "Plan my cluster": for a job spec and a link, the predicted time to a target test error over p and τ,
 * from short runs on the virtual cluster (a sweep of simulated jobs), with the fastest choice.
 */
package io.easgd.backend.plans;
