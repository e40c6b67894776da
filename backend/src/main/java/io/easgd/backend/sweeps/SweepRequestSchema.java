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
                grid.addProperty(key, new ArraySchema().items(value).minItems(1));
            }
            grid.additionalProperties(false).description("the axes, in the order given: each a job spec field and its "
                    + "values (none twice); the sweep runs every combination");
            schemas.put("SweepGrid", grid);
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
                    .additionalProperties(false)
                    .description("The body of POST /sweeps. grid is required unless a preset gives it; target.testError "
                            + "is in (0, 1), default 0.03; unknown fields are refused (400 naming the field).")
                    .example(Json.MAPPER.convertValue(Json.readObject(EXAMPLE), Map.class)));
        };
    }
}
