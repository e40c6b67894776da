package io.easgd.backend.paramserver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A run's worker events that wait for the database, in the order they happened. Thread-safe. */
final class Outbox {
    private final ArrayDeque<Map<String, Object>> rows = new ArrayDeque<>();

    synchronized boolean hasWaiting() {
        return !rows.isEmpty();
    }

    synchronized void add(Map<String, Object> row) {
        rows.addLast(row);
    }

    synchronized List<Map<String, Object>> drain() {
        List<Map<String, Object>> out = new ArrayList<>(rows);
        rows.clear();
        return out;
    }

    /** Rows a failed write took: back at the front, before anything added meanwhile. */
    synchronized void putBack(List<Map<String, Object>> taken) {
        for (int i = taken.size() - 1; i >= 0; i--) {
            rows.addFirst(taken.get(i));
        }
    }
}
