package io.easgd.backend.metrics;

import io.easgd.backend.db.Db;
import io.easgd.backend.jobs.JobRepository;
import io.easgd.backend.web.BadParameterException;
import io.easgd.backend.web.Csv;
import io.easgd.backend.web.QueryParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterStyle;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/v1/jobs/{id}/metrics}: series by name and time range, downsampled keeping spikes. */
@Tag(name = "jobs")
@RestController
public class MetricsController {
    static final String PATH = "/api/v1/jobs/{id}/metrics";
    private final MetricsRepository metrics;
    private final JobRepository jobs;
    private final Db db;

    public MetricsController(MetricsRepository metrics, JobRepository jobs, Db db) {
        this.metrics = metrics;
        this.jobs = jobs;
        this.db = db;
    }

    @Operation(operationId = "getJobMetrics", summary = "A job's metric series, downsampled keeping spikes")
    @GetMapping(PATH)
    public Mono<Map<String, Object>> query(
            @PathVariable long id,
            @Parameter(description = "the series (comma-separated or repeated); none: all", explode = Explode.FALSE,
                    style = ParameterStyle.FORM, array = @ArraySchema(schema = @Schema(type = "string")))
            @RequestParam(required = false) String series,
            @Parameter(description = "from this time (ms since the job started)",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0", defaultValue = "0"))
            @RequestParam(defaultValue = "0") String from,
            @Parameter(description = "up to this time (ms since the job started)",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0"))
            @RequestParam(defaultValue = "" + Long.MAX_VALUE) String to,
            @Parameter(schema = @Schema(type = "integer", format = "int32", minimum = "2", maximum = "100000", defaultValue = "1000"))
            @RequestParam(defaultValue = "1000") String maxPoints) {
        List<String> names = names(series);
        long f = QueryParams.longIn("from", from, 0, Long.MAX_VALUE);
        long t = QueryParams.longIn("to", to, 0, Long.MAX_VALUE);
        if (t < f) {
            throw new BadParameterException("to", "must be >= from (" + f + "), found " + t);
        }
        long max = QueryParams.longIn("maxPoints", maxPoints, 2, 100_000);
        return queryJson(id, names, f, t, max);
    }

    /**
     * {@code GET /api/v1/jobs/{id}/metrics.csv}: every stored point of the chosen series (all by default), not
     * downsampled, one line each — for notebooks ({@code pandas.read_csv(url)}).
     */
    @Operation(operationId = "getJobMetricsCsv", summary = "A job's metric points as CSV (all of them, not downsampled)",
            responses = @ApiResponse(responseCode = "200", description = "series,worker,t,step,value; worker empty for the center",
                    content = @Content(mediaType = "text/csv", schema = @Schema(type = "string"))))
    @GetMapping(PATH + ".csv")
    public Mono<org.springframework.http.ResponseEntity<String>> csv(
            @PathVariable long id,
            @Parameter(description = "the series (comma-separated or repeated); none: all", explode = Explode.FALSE,
                    style = ParameterStyle.FORM, array = @ArraySchema(schema = @Schema(type = "string")))
            @RequestParam(required = false) String series) {
        List<String> names = names(series);
        return db.call(() -> {
            jobs.get(id);
            List<List<Object>> rows = new ArrayList<>();
            metrics.read(id, names, 0, Long.MAX_VALUE).forEach((key, points) -> points.forEach(p ->
                    rows.add(java.util.Arrays.asList(key.series(), key.worker(), p.t(), p.step(), p.value()))));
            return Csv.download("job-" + id + "-metrics.csv", Csv.write(COLUMNS, rows));
        });
    }

    /** The columns of a job's metrics CSV; a sweep's adds {@code jobId} in front. */
    public static final List<String> COLUMNS = List.of("series", "worker", "t", "step", "value");

    private static List<String> names(String series) {
        List<String> names = series == null ? MetricPoint.SERIES : QueryParams.csv("series", series);
        for (String name : names) {
            if (!MetricPoint.SERIES.contains(name)) {
                throw new BadParameterException("series", "must be among " + MetricPoint.SERIES + ", found " + name);
            }
        }
        return names;
    }

    private Mono<Map<String, Object>> queryJson(long id, List<String> names, long f, long t, long max) {
        return db.call(() -> {
            jobs.get(id);
            List<Map<String, Object>> out = new ArrayList<>();
            metrics.read(id, names, f, t).forEach((key, points) -> {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("series", key.series());
                s.put("worker", key.worker());
                s.put("points", Downsampler.minMax(points, (int) max).stream()
                        .map(p -> Map.of("t", p.t(), "step", p.step(), "value", p.value())).toList());
                out.add(s);
            });
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("jobId", id);
            body.put("series", out);
            return body;
        });
    }
}
