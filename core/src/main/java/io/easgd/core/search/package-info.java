/**
 * Searches over job specs: where a sweep's runs come from when they are sampled ({@link SearchRange},
 * {@link UnitSamples}) and when a run is stopped early ({@link SearchSpec}'s rungs and brackets,
 * {@link SuccessiveHalving}'s promotion rule). Plain Java, so the backend's sweeps and the core's
 * benchmarks decide with the same code.
 */
package io.easgd.core.search;
