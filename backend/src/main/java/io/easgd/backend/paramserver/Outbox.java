package io.easgd.backend.paramserver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A run's stream events (worker events, τ changes) that wait for the database, in the order they happened. Thread-safe. */
final class Outbox {
    /** One waiting row of the job's stream: its event name and data. */
    record Entry(String event, Map<String, Object> row) {
    }

    private final ArrayDeque<Entry> rows = new ArrayDeque<>();

    synchronized boolean hasWaiting() {
        return !rows.isEmpty();
    }

    synchronized void add(String event, Map<String, Object> row) {
        rows.addLast(new Entry(event, row));
    }

    synchronized List<Entry> drain() {
        List<Entry> out = new ArrayList<>(rows);
        rows.clear();
        return out;
    }

    /** Rows a failed write took: back at the front, before anything added meanwhile. */
    synchronized void putBack(List<Entry> taken) {
        for (int i = taken.size() - 1; i >= 0; i--) {
            rows.addFirst(taken.get(i));
        }
    }
}
