package io.easgd.backend.paramserver;

import io.easgd.backend.db.Db;
import io.easgd.backend.jobs.JobRepository;
import java.nio.file.Files;
import java.nio.file.Path;
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
@RestController
public class RunController {
    private final Coordinator coordinator;
    private final JobRepository jobs;
    private final Db db;

    public RunController(Coordinator coordinator, JobRepository jobs, Db db) {
        this.coordinator = coordinator;
        this.jobs = jobs;
        this.db = db;
    }

    @GetMapping("/api/v1/jobs/{id}/workers")
    public Mono<List<Map<String, Object>>> workers(@PathVariable long id) {
        return db.call(() -> {
            jobs.get(id);
            return coordinator.workers(id).orElse(List.of());
        });
    }

    /** The center (or averaged variable) as a DL4J ModelSerializer zip: live while running, else the last checkpoint. */
    @GetMapping("/api/v1/jobs/{id}/model")
    public Mono<ResponseEntity<byte[]>> model(@PathVariable long id) {
        return db.call(() -> {
            jobs.get(id);
            byte[] zip = coordinator.liveModel(id).orElse(null);
            if (zip == null) {
                Path file = coordinator.modelFile(id);
                if (!Files.isRegularFile(file)) {
                    throw new NoSuchElementException("job " + id + " has no model yet: it has not run");
                }
                zip = Files.readAllBytes(file);
            }
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType("application/zip"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"easgd-job-" + id + "-model.zip\"")
                    .body(zip);
        });
    }
}
