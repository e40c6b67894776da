package io.easgd.backend.metrics;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code series} names of {@code GET /jobs/{id}/metrics} in the OpenAPI document: {@link MetricPoint#SERIES}, so the two cannot drift. */
@Configuration(proxyBeanMethods = false)
class MetricsSchema {

    @Bean
    OpenApiCustomizer metricSeriesNames() {
        return api -> {
            PathItem path = api.getPaths() == null ? null : api.getPaths().get(MetricsController.PATH);
            Operation get = path == null ? null : path.getGet();
            List<Parameter> parameters = get == null || get.getParameters() == null ? List.of() : get.getParameters();
            for (Parameter p : parameters) {
                if ("series".equals(p.getName()) && p.getSchema() != null && p.getSchema().getItems() != null) {
                    @SuppressWarnings("unchecked")
                    Schema<String> items = (Schema<String>) p.getSchema().getItems();
                    items.setEnum(MetricPoint.SERIES);
                }
            }
        };
    }
}
