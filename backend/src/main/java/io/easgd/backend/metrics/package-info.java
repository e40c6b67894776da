/** Metric points of jobs: stored in PostgreSQL, pushed on the job's SSE stream, queried downsampled for charts. */
package io.easgd.backend.metrics;
