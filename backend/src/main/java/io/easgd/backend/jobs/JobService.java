package io.easgd.backend.jobs;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.easgd.backend.audit.Actor;
import io.easgd.backend.audit.AuditLog;
import io.easgd.backend.db.Db;
import io.easgd.core.spec.FieldError;
import io.easgd.core.spec.Json;
import io.easgd.core.spec.JobSpec;
import io.easgd.core.spec.SpecValidationException;
import io.easgd.core.spec.Text;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import org.springframework.stereotype.Service;

/**
 * Creating, cancelling and cloning jobs: parsing and validation here, persistence in the repository,
 * each action recorded in the audit trail in its own transaction.
 */
@Service
public class JobService {
    private final JobRepository jobs;
    private final Db db;
    private final AuditLog audit;

    public JobService(JobRepository jobs, Db db, AuditLog audit) {
        this.jobs = jobs;
        this.db = db;
        this.audit = audit;
    }

    /** A submission: the spec plus the job's name and priority. */
    public record Submission(String name, int priority, JobSpec spec) {
        /** Parses a request body: job spec fields plus optional {@code name} and {@code priority}. */
        public static Submission parse(String body) {
            JsonNode node = Json.readObject(body);
            ObjectNode specNode = ((ObjectNode) node).deepCopy();
            JsonNode name = specNode.remove("name");
            JsonNode priority = specNode.remove("priority");
            List<FieldError> errors = new ArrayList<>();
            if (name != null && !name.isNull() && !name.isTextual()) {
                errors.add(new FieldError("name", "must be a string"));
            } else if (name != null && name.isTextual()) {
                Text.check(errors, "name", name.asText(), Text.NAME_MAX);
            }
            if (priority != null && !priority.isNull() && !(priority.isIntegralNumber() && priority.canConvertToInt())) {
                errors.add(new FieldError("priority", "must be an integer in [" + Integer.MIN_VALUE + ", "
                        + Integer.MAX_VALUE + "]" + (priority.isNumber() ? ", found " + priority : "")));
            }
            JobSpec spec = null;
            try {
                spec = JobSpec.parse(specNode.toString());
            } catch (SpecValidationException e) {
                errors.addAll(e.errors());
            }
            if (!errors.isEmpty()) {
                throw new SpecValidationException(errors);
            }
            String n = name == null || name.isNull() || name.asText().isBlank() ? defaultName(spec) : name.asText().strip();
            return new Submission(n, priority == null || priority.isNull() ? 0 : priority.asInt(), spec);
        }
    }

    public Mono<Job> submit(Submission s, Actor by) {
        return submit(s, by, s.name());
    }

    private Mono<Job> submit(Submission s, Actor by, String auditDetail) {
        return db.inTransaction(() -> {
            Job job = jobs.insert(s.name(), s.priority(), s.spec());
            audit.record(by, "job.submitted", "job", job.id(), auditDetail);
            return job;
        });
    }

    public Mono<Job> cancel(long id, String reason, Actor by) {
        return db.inTransaction(() -> {
            Job job = jobs.transition(id, JobState.CANCELLED, reason);
            audit.record(by, "job.cancelled", "job", id, job.name());
            return job;
        });
    }

    /**
     * A new job from an existing one's spec with some fields changed. Fields of {@code changes}
     * replace the original's (a nested {@code stop} replaces the whole stop object); α follows the
     * original β = pα unless {@code alpha} itself is changed; a number {@code tau} drops the
     * original's {@code autoTau}; another algorithm than DILOCO drops DILOCO's {@code innerOptimizer},
     * {@code outerLr} and {@code outerMomentum} unless the changes give them.
     */
    public Mono<Job> cloneWithChanges(long id, String changesBody, Actor by) {
        JsonNode changes = changesBody == null || changesBody.isBlank() ? Json.MAPPER.createObjectNode() : Json.readObject(changesBody);
        return db.call(() -> jobs.get(id)).flatMap(original -> {
            ObjectNode merged = (ObjectNode) Json.MAPPER.valueToTree(original.spec());
            if (changes.has("alpha")) {
                merged.remove("beta");
            } else {
                merged.remove("alpha");
            }
            if (changes.has("tau") && !changes.has("autoTau") && !JobSpec.AUTO.equals(changes.get("tau").asText())) {
                merged.remove("autoTau");           // a number τ replaces "auto" and its settings
            }
            if (changes.has("algorithm") && !"DILOCO".equals(changes.get("algorithm").asText())) {
                for (String f : List.of("innerOptimizer", "outerLr", "outerMomentum")) {
                    merged.remove(f);               // DILOCO's own fields do not follow to another algorithm
                }
            }
            if (changes.has("algorithm") && !"ADMM".equals(changes.get("algorithm").asText()) && !changes.has("rho")) {
                merged.remove("rho");               // nor does ADMM's penalty
            }
            merged.setAll((ObjectNode) changes);
            if (!changes.has("name")) {
                merged.put("name", cloneName(original.name()));
            }
            if (!changes.has("priority")) {
                merged.put("priority", original.priority());
            }
            Submission s = Submission.parse(merged.toString());
            return submit(s, by, s.name() + " (a clone of job " + id + ")");
        });
    }

    /** "{name} (clone)", the name shortened so that the result still fits {@link Text#NAME_MAX}. */
    static String cloneName(String name) {
        String suffix = " (clone)";
        int keep = Text.NAME_MAX - suffix.length();
        if (name.codePointCount(0, name.length()) > keep) {
            name = name.substring(0, name.offsetByCodePoints(0, keep)).strip();
        }
        return name + suffix;
    }

    private static String defaultName(JobSpec spec) {
        return spec.algorithm().name().toLowerCase() + " p=" + spec.workersLabel() + " tau=" + spec.tauLabel() + " " + spec.model();
    }
}
