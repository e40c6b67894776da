package io.easgd.backend.jobs;

import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.math.BigDecimal;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The job spec's {@code tau} in the OpenAPI document: an integer ≥ 1 or the string {@code "auto"};
 * and its {@code workers}: an integer or a range object {@code {"min", "max"}}.
 * Core's {@code JobSpec} carries no OpenAPI annotations (core has no web dependency), so the
 * property springdoc derives from it (a plain object) is replaced here.
 */
@Configuration(proxyBeanMethods = false)
class JobSpecSchema {

    @Bean
    OpenApiCustomizer jobSpecTauIsANumberOrAuto() {
        return api -> {
            if (api.getComponents() == null || api.getComponents().getSchemas() == null) {
                return;
            }
            Schema<?> spec = api.getComponents().getSchemas().get("JobSpec");
            if (spec == null || spec.getProperties() == null) {
                return;
            }
            Schema<Object> tau = new Schema<>();
            tau.setOneOf(List.of(new IntegerSchema().minimum(BigDecimal.ONE), new StringSchema()._enum(List.of("auto"))));
            tau.setDescription("communication period in local steps, or \"auto\": the platform picks it (see autoTau)");
            spec.getProperties().put("tau", tau);
            Schema<Object> range = new io.swagger.v3.oas.models.media.ObjectSchema()
                    .addProperty("min", new IntegerSchema().minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(1024)))
                    .addProperty("max", new IntegerSchema().minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(1024)));
            range.setRequired(List.of("min", "max"));
            Schema<Object> workers = new Schema<>();
            workers.setOneOf(List.of(new IntegerSchema().minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(1024)),
                    range));
            workers.setDescription("p, the number of workers; or a range {\"min\", \"max\"} (elastic worker counts: "
                    + "the job starts with min and admits free agents up to max)");
            spec.getProperties().put("workers", workers);
        };
    }
}
