package io.easgd.backend.sweeps;

import io.easgd.backend.web.Csv;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A sweep's results table as CSV (docs/api.md "CSV for notebooks"): the columns the sweep page's table has. */
final class SweepCsv {
    static final List<String> AFTER_PARAMS = List.of("bestTestError", "finalTestError", "secondsToTarget",
            "bytesToTarget", "bytesTotal", "wallSeconds", "workerSeconds", "rung", "best");

    private SweepCsv() {
    }

    static String results(Sweep sweep) {
        Set<String> params = new LinkedHashSet<>();
        sweep.runs().forEach(r -> params.addAll(r.params().keySet()));
        List<String> header = new ArrayList<>(List.of("jobId", "label", "state"));
        header.addAll(params);
        header.addAll(AFTER_PARAMS);
        List<List<Object>> rows = new ArrayList<>();
        for (Sweep.Run r : sweep.runs()) {
            List<Object> row = new ArrayList<>(List.of(r.jobId(), r.label(), r.state().name()));
            params.forEach(p -> row.add(r.params().get(p)));
            row.addAll(java.util.Arrays.asList(r.bestTestError(), r.finalTestError(), r.secondsToTarget(),
                    r.bytesToTarget(), r.bytesTotal(), r.wallSeconds(), r.workerSeconds(), r.rung(), r.best()));
            rows.add(row);
        }
        return Csv.write(header, rows);
    }
}
