package io.easgd.backend.paramserver;

import io.easgd.backend.db.Db;
import io.easgd.backend.jobs.Job;
import io.easgd.backend.jobs.JobRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A job's workers and its model: {@code /api/v1/jobs/{id}/workers} and {@code /api/v1/jobs/{id}/model}. */
@Tag(name = "jobs")
@RestController
public class RunController {
    private final Runs runs;
    private final ModelExport models;
    private final JobRepository jobs;
    private final Db db;

    RunController(Runs runs, ModelExport models, JobRepository jobs, Db db) {
        this.runs = runs;
        this.models = models;
        this.jobs = jobs;
        this.db = db;
    }

    @Operation(operationId = "listJobWorkers", summary = "The job's workers: rank, agent, state, step")
    @GetMapping("/api/v1/jobs/{id}/workers")
    public Mono<List<Map<String, Object>>> workers(@PathVariable long id) {
        return db.call(() -> {
            jobs.get(id);
            List<Map<String, Object>> rows = new ArrayList<>();
            runs.get(id).ifPresent(run -> {
                for (WorkerSlot s : run.slots) {
                    if (s.counted()) {                     // not the vacant ranks of a worker range
                        rows.add(s.view(id));
                    }
                }
            });
            return rows;
        });
    }

    /** The evaluated variable (center or average) as a DL4J ModelSerializer zip: live while running, else the last checkpoint. */
    @Operation(operationId = "getJobModel", summary = "The job's model as a DL4J ModelSerializer zip",
            responses = @ApiResponse(responseCode = "200", description = "the zip: live while running, else the last checkpoint",
                    content = @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary"))))
    @GetMapping("/api/v1/jobs/{id}/model")
    public Mono<ResponseEntity<byte[]>> model(@PathVariable long id) {
        return db.call(() -> {
            Job job = jobs.get(id);
            byte[] zip = models.of(job)
                    .orElseThrow(() -> new NoSuchElementException("job " + id + " has no model yet: it has not run"));
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType("application/zip"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"easgd-job-" + id + "-model.zip\"")
                    .body(zip);
        });
    }
}
