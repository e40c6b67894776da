package io.easgd.backend.jobs;

import io.easgd.core.spec.Json;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The job spec in the OpenAPI document. Core's {@code JobSpec} carries no OpenAPI annotations (core
 * has no web dependency), and the server reads request bodies itself (so that a bad field is a 400
 * naming it), so this describes what springdoc cannot derive:
 * <ul>
 *   <li>{@code tau}, an integer ≥ 1 or {@code "auto"}, as the named schema {@value #TAU}: a oneOf of an
 *   integer and the one-value string enum {@value #TAU_AUTO}. The enum is a schema of its own on
 *   purpose: openapi-generator's Java client tries each branch of a oneOf, and a plain string branch
 *   also takes the integer 10 (Jackson coerces it to "10"), so "2 classes match" and it cannot read a
 *   job back; an enum refuses 10, so exactly one branch matches (docs/api.md, "Generated clients").</li>
 *   <li>{@code workers}, an integer or a range object, as {@value #WORKERS}: a oneOf of an integer and
 *   {@value #WORKER_RANGE} {@code {"min", "max"}}.</li>
 *   <li>{@code overlap}, {@code true}, {@code false} or an integer k ≥ 1, as {@value #OVERLAP}: a oneOf
 *   of a boolean and an integer (the record holds it as one int, {@code JobSpec.overlapSteps()}).</li>
 *   <li>The enums {@link #ENUMS} as schemas of their own.</li>
 *   <li>{@code rho} (ADMM's penalty): its range and that it belongs to ADMM alone.</li>
 *   <li>{@code roundDeadlineMs} (the synchronous rules' round deadline): its range, and that it belongs
 *   to SYNC_EASGD, SYNC_EAMSGD and DILOCO alone.</li>
 *   <li>The body of {@code POST /jobs}, {@code /jobs/check} and {@code /jobs/{id}/clone}, as
 *   {@value #SUBMISSION}: the spec's fields plus {@code name} and {@code priority}, no other field
 *   ({@code additionalProperties: false}, as the server refuses unknown fields by name).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class JobSpecSchema {
    static final String TAU = "Tau";
    static final String TAU_AUTO = "TauAuto";
    static final String WORKERS = "WorkerCount";
    static final String WORKER_RANGE = "WorkerRange";
    static final String OVERLAP = "Overlap";
    static final String SUBMISSION = "JobSubmission";
    static final String REF = "#/components/schemas/";
    /** The spec's enum fields and the name of each enum's schema. */
    static final Map<String, String> ENUMS = Map.of("algorithm", "Algorithm", "compression", "Compression",
            "innerOptimizer", "InnerOptimizer");
    /** The README's first job: the example of a submission. */
    static final String EXAMPLE = "{\"name\":\"eamsgd-tau10\",\"algorithm\":\"EAMSGD\",\"workers\":2,\"tau\":10,"
            + "\"eta\":0.1,\"delta\":0.9,\"stop\":{\"maxSteps\":2000}}";

    @Bean
    OpenApiCustomizer jobSpecSchemas() {
        return api -> {
            if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
                return;
            }
            Map<String, Schema> schemas = api.getComponents().getSchemas();
            Schema<?> spec = schemas.get("JobSpec");
            if (spec == null || spec.getProperties() == null) {
                return;
            }
            schemas.put(TAU_AUTO, new StringSchema()._enum(List.of("auto"))
                    .description("\"auto\": the platform picks τ during the run and adapts it (see autoTau)"));
            schemas.put(TAU, new Schema<>()
                    .oneOf(List.of(new IntegerSchema().minimum(BigDecimal.ONE), ref(TAU_AUTO)))
                    .description("communication period in local steps, an integer >= 1, or \"auto\"")
                    .example(10));
            Map<String, Object> range = new LinkedHashMap<>();
            range.put("min", 1);
            range.put("max", 2);
            schemas.put(WORKER_RANGE, object()
                    .addProperty("min", new IntegerSchema().minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(1024))
                            .description("the p the job starts with and never goes below"))
                    .addProperty("max", new IntegerSchema().minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(1024))
                            .description("the most workers it takes in"))
                    .required(List.of("min", "max"))
                    .additionalProperties(false)
                    .description("an elastic worker count: the job starts with min and admits free agents up to max")
                    .example(range));
            schemas.put(WORKERS, new Schema<>()
                    .oneOf(List.of(new IntegerSchema().minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(1024)),
                            ref(WORKER_RANGE)))
                    .description("p, the number of workers; or a range {\"min\", \"max\"} (elastic worker counts)")
                    .example(2));
            schemas.put(OVERLAP, new Schema<>()
                    .oneOf(List.of(new BooleanSchema(), new IntegerSchema().minimum(BigDecimal.ONE)
                            .maximum(BigDecimal.valueOf(io.easgd.core.spec.JobSpec.MAX_OVERLAP_STEPS))))
                    .description("the overlapped exchange: false (absent) the paper's blocking one; true: each "
                            + "worker runs its exchange behind k local steps, k chosen from its measured exchange "
                            + "and step times; an integer k >= 1 fixes k (docs/algorithms.md)")
                    .example(true));
            // the spec's enums as schemas of their own, so that a client has one Algorithm type (not one per
            // object that has the field) and a list of them (a sweep's grid) generates cleanly
            ENUMS.forEach((field, name) -> {
                Schema<?> inline = spec.getProperties().get(field);
                if (inline != null && inline.getEnum() != null) {
                    schemas.put(name, inline);
                    spec.getProperties().put(field, ref(name));
                }
            });
            Schema<?> rho = spec.getProperties().get("rho");
            if (rho != null) {
                rho.maximum(BigDecimal.valueOf(io.easgd.core.spec.JobSpec.MAX_RHO))
                        .description("ADMM's penalty ρ > 0 (at most 1000; default 1): only for algorithm ADMM, "
                                + "refused for the others (docs/algorithms.md, \"ADMM\")");
            }
            Schema<?> deadline = spec.getProperties().get("roundDeadlineMs");
            if (deadline != null) {
                deadline.minimum(BigDecimal.ONE)
                        .maximum(BigDecimal.valueOf(io.easgd.core.spec.JobSpec.MAX_ROUND_DEADLINE_MS))
                        .description("milliseconds: a synchronous round whose first upload came longer ago is "
                                + "computed over the workers that arrived (absent: every round waits for all p); "
                                + "only for SYNC_EASGD, SYNC_EAMSGD and DILOCO (docs/algorithms.md, \"Round deadline\")")
                        .example(5000);
            }
            spec.getProperties().put("tau", ref(TAU));
            spec.getProperties().put("workers", ref(WORKERS));
            spec.getProperties().put("overlap", ref(OVERLAP));
            spec.setDescription("A job spec; every field is optional in a request (defaults are filled in, "
                    + "see docs/api.md) and comes back with its value in a job.");

            Map<String, Schema> fields = new LinkedHashMap<>(spec.getProperties());
            fields.put("name", new StringSchema().maxLength(200)
                    .description("one line; missing or blank: \"<algorithm> p=<workers> tau=<tau> <model>\""));
            fields.put("priority", new IntegerSchema().description("higher first").example(0));
            schemas.put(SUBMISSION, object()
                    .properties(fields)
                    .additionalProperties(false)
                    .description("The body of POST /jobs: job spec fields plus name and priority. Unknown fields "
                            + "are refused (400 naming the field).")
                    .example(example()));
        };
    }

    /** {@link #EXAMPLE} as a map: springdoc writes a JsonNode example as a string. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> example() {
        return Json.MAPPER.convertValue(Json.readObject(EXAMPLE), Map.class);
    }

    /**
     * An object schema as springdoc writes one into an OpenAPI 3.1 document. Not {@code ObjectSchema}:
     * that one writes its example as a string.
     */
    static Schema<Object> object() {
        Schema<Object> s = new Schema<>();
        s.type("object");
        s.addType("object");
        return s;
    }

    static Schema<Object> ref(String name) {
        return new Schema<>().$ref(REF + name);
    }
}
