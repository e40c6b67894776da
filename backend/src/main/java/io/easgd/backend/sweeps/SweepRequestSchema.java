package io.easgd.backend.sweeps;

import io.easgd.core.spec.Json;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The body of {@code POST /sweeps} in the OpenAPI document, as the schema {@value #NAME}. The server
 * reads the body itself ({@link SweepRequest#parse}, a 400 naming each bad or unknown field), so this
 * describes it: its fields, no other ({@code additionalProperties: false}), and a grid whose axes are
 * exactly {@link SweepRequest#GRID_KEYS}, each a non-empty list of values of that job spec field.
 */
@Configuration(proxyBeanMethods = false)
class SweepRequestSchema {
    static final String NAME = "SweepRequest";
    static final String REF = "#/components/schemas/" + NAME;
    private static final String SPEC = "#/components/schemas/JobSpec";
    /** The README's sweep. */
    static final String EXAMPLE = "{\"name\":\"tau-study\",\"base\":{\"workers\":2,\"eta\":0.1,\"stop\":{\"maxSteps\":600}},"
            + "\"grid\":{\"algorithm\":[\"EASGD\",\"EAMSGD\"],\"tau\":[1,10]},\"target\":{\"testError\":0.08}}";

    @Bean
    OpenApiCustomizer sweepRequestBody() {
        return api -> {
            if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
                return;
            }
            Map<String, Schema> schemas = api.getComponents().getSchemas();
            Schema<?> spec = schemas.get("JobSpec");
            if (spec == null || spec.getProperties() == null) {
                return;
            }
            ObjectSchema grid = new ObjectSchema();
            for (String key : new TreeSet<>(SweepRequest.GRID_KEYS)) {
                // a grid value is a number or a string: a worker range is not an axis value
                Schema<?> value = switch (key) {
                    case "workers" -> new IntegerSchema().minimum(BigDecimal.ONE);
                    case "tau" -> new Schema<>().$ref("#/components/schemas/Tau");   // JobSpecSchema's
                    default -> spec.getProperties().get(key);
                };
                // the list form only: a oneOf with an array member makes openapi-generator 7.14's Java client
                // uncompilable (List<Algorithm>.class); a range is described by SweepRange and the description
                grid.addProperty(key, new ArraySchema().items(value).minItems(1));
            }
            grid.additionalProperties(false).description("the axes, in the order given: each a job spec field and its "
                    + "values (none twice); the sweep runs every combination — or, with sample, draws each run's value "
                    + "of each axis from its list, or from a range given instead of the list: a SweepRange object such "
                    + "as {\"logUniform\": [0.001, 0.1]} (docs/api.md \"Searches\"; typed here in its list form only)");
            schemas.put("SweepGrid", grid);
            schemas.put("SweepRange", range());
            schemas.put("SweepSample", sample());
            schemas.put("SweepSearch", search());
            Schema<Object> request = new Schema<>();     // not ObjectSchema: that one writes its example as a string
            request.type("object");
            request.addType("object");
            schemas.put(NAME, request
                    .addProperty("name", new StringSchema().maxLength(200).description("default: the preset's, else \"sweep\""))
                    .addProperty("priority", new IntegerSchema().description("of every job, higher first (default 0)"))
                    .addProperty("preset", new StringSchema().description("a name from GET /api/v1/sweeps/presets: its "
                            + "request is merged in first, the other fields override it"))
                    .addProperty("base", new Schema<>().$ref(SPEC).description("job spec fields common to every run"))
                    .addProperty("grid", new Schema<>().$ref("#/components/schemas/SweepGrid"))
                    .addProperty("extra", new ArraySchema().items(new Schema<>().$ref(SPEC))
                            .description("partial specs over base run once per grid seed (baselines)"))
                    // SweepTarget, {"testError"}: an inline object with additionalProperties false makes
                    // openapi-generator 7.14 turn the whole request into a HashMap
                    .addProperty("target", new Schema<>().$ref("#/components/schemas/SweepTarget"))
                    .addProperty("sample", new Schema<>().$ref("#/components/schemas/SweepSample"))
                    .addProperty("search", new Schema<>().$ref("#/components/schemas/SweepSearch"))
                    .additionalProperties(false)
                    .description("The body of POST /sweeps. grid is required unless a preset gives it; target.testError "
                            + "is in (0, 1), default 0.03; unknown fields are refused (400 naming the field).")
                    .example(Json.MAPPER.convertValue(Json.readObject(EXAMPLE), Map.class)));
        };
    }

    /** An axis of a sampled sweep as a range: exactly one of its forms (docs/api.md "Searches"). */
    private static Schema<?> range() {
        ObjectSchema r = new ObjectSchema();
        for (String form : java.util.List.of("uniform", "logUniform")) {
            r.addProperty(form, new ArraySchema().items(new io.swagger.v3.oas.models.media.NumberSchema()).minItems(2).maxItems(2)
                    .description("[lo, hi]" + (form.equals("logUniform") ? ", lo > 0: uniform in log" : "")));
        }
        for (String form : java.util.List.of("int", "logInt")) {
            r.addProperty(form, new ArraySchema().items(new IntegerSchema().format("int64")).minItems(2).maxItems(2)
                    .description("[lo, hi], both included" + (form.equals("logInt") ? ", lo >= 1: uniform in log" : "")));
        }
        r.addProperty("choice", new ArraySchema().items(new Schema<>()).minItems(1).description("values, equally likely"));
        r.minProperties(1).maxProperties(1).additionalProperties(false)
                .description("one range form; only in a sampled sweep (sample given)");
        return r;
    }

    private static Schema<?> sample() {
        ObjectSchema s = new ObjectSchema();
        s.addProperty("method", new StringSchema()._enum(java.util.List.of("random", "sobol")));
        s.addProperty("runs", new IntegerSchema().minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(SweepPlan.MAX_RUNS)));
        s.addProperty("seed", new IntegerSchema().format("int64").description("default 1"));
        s.required(java.util.List.of("method", "runs")).additionalProperties(false)
                .description("draw the runs instead of the grid's product: random or Sobol (quasi-random), seeded");
        return s;
    }

    private static Schema<?> search() {
        ObjectSchema s = new ObjectSchema();
        s.addProperty("method", new StringSchema()._enum(java.util.List.of("asha", "hyperband")));
        s.addProperty("reductionFactor", new IntegerSchema().minimum(BigDecimal.valueOf(2)).maximum(BigDecimal.valueOf(100))
                .description("η, default 3: the best 1/η of the runs at a rung run on"));
        s.addProperty("resource", new StringSchema()._enum(java.util.List.of("steps", "seconds", "bytes"))
                .description("default steps"));
        for (String r : java.util.List.of("Steps", "Seconds", "Bytes")) {
            s.addProperty("min" + r, new IntegerSchema().format("int64").minimum(BigDecimal.ONE)
                    .description("the first rung, with resource " + r.toLowerCase(java.util.Locale.ROOT)));
            s.addProperty("max" + r, new IntegerSchema().format("int64").minimum(BigDecimal.valueOf(2))
                    .description("the most a run gets, with resource " + r.toLowerCase(java.util.Locale.ROOT)));
        }
        s.addProperty("brackets", new IntegerSchema().minimum(BigDecimal.ONE).description("hyperband only; default: all"));
        s.required(java.util.List.of("method")).additionalProperties(false)
                .description("stop runs early at rungs min·η^k below max (ASHA; Hyperband: several brackets)");
        return s;
    }
}
