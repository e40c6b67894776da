/** The per-job event log behind the SSE streams: durable, ordered, resumable with Last-Event-ID. */
package io.easgd.backend.stream;
