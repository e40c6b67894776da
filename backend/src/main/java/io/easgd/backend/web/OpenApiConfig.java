package io.easgd.backend.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's frame ({@code GET /api/v1/openapi}, docs/api.md "Generated clients"): its
 * title, the bearer scheme of the API token, and which operations need it — every mutating call, and
 * reads of {@code /audit} and {@code /agent-tokens}; the tags in a fixed order (so the document is the
 * same at every start, {@code OpenApiContractIT}); request bodies as JSON only. The features describe
 * their own operations, tags and bodies.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "EASGD platform API", version = "v1",
        description = "Jobs, sweeps, agents and their tokens, metrics and the audit trail of the EASGD training "
                + "platform. Errors are application/problem+json naming the field; reads are open unless "
                + "easgd.read-requires-token=true. The reference is docs/api.md."))
@SecurityScheme(name = OpenApiConfig.API_TOKEN, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "the API token (easgd-data/api-token, or EASGD_API_TOKEN)")
class OpenApiConfig {
    static final String API_TOKEN = "apiToken";
    /** The order the tags are listed in; a tag not named here comes after these, by name. */
    static final List<String> TAG_ORDER = List.of("jobs", "sweeps", "plans", "agents", "agent-tokens", "datasets", "stability", "audit", "lab");

    /**
     * The tags in {@link #TAG_ORDER}; and each request body as {@code application/json} alone. The
     * controllers read their bodies as text whatever the Content-Type (a body sent without one still
     * works, and a bad one is a 400 naming the field), which springdoc lists as a second, {@code *}/{@code *}
     * string body: a generated client would pick that one and send a plain string.
     */
    @Bean
    OpenApiCustomizer tagsInOrderAndJsonBodies() {
        return api -> {
            if (api.getTags() != null) {
                api.getTags().sort(Comparator.<io.swagger.v3.oas.models.tags.Tag>comparingInt(t -> {
                    int i = TAG_ORDER.indexOf(t.getName());
                    return i < 0 ? TAG_ORDER.size() : i;
                }).thenComparing(io.swagger.v3.oas.models.tags.Tag::getName));
            }
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
                if (op.getRequestBody() != null && op.getRequestBody().getContent() != null
                        && op.getRequestBody().getContent().containsKey(org.springframework.http.MediaType.APPLICATION_JSON_VALUE)) {
                    op.getRequestBody().getContent().remove(org.springframework.http.MediaType.ALL_VALUE);
                }
            }));
        };
    }

    @Bean
    OpenApiCustomizer mutatingCallsNeedTheApiToken() {
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths().forEach((path, item) -> {
                boolean guarded = path.startsWith("/api/v1/audit") || path.startsWith("/api/v1/agent-tokens");
                for (Map.Entry<PathItem.HttpMethod, io.swagger.v3.oas.models.Operation> e : item.readOperationsMap().entrySet()) {
                    if (guarded || e.getKey() != PathItem.HttpMethod.GET) {
                        e.getValue().addSecurityItem(new SecurityRequirement().addList(API_TOKEN));
                    }
                }
            });
        };
    }
}
