package io.easgd.backend;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the platform, under {@code easgd.*}; each is also an environment variable with
 * the prefix {@code EASGD_} (Spring's relaxed binding: {@code easgd.api-token} ⇐ {@code EASGD_API_TOKEN}).
 *
 * @param dataDir where the embedded database, datasets, checkpoints and generated tokens live
 * @param apiToken the API token for mutating calls; generated at first start when unset
 * @param agentToken the token agents enroll with; generated at first start when unset
 * @param readRequiresToken whether GET calls need the API token too
 * @param db the embedded PostgreSQL (used unless {@code spring.datasource.url} is set)
 * @param jdbcThreads threads for blocking database calls, kept off the event loop
 */
@ConfigurationProperties(prefix = "easgd")
public record EasgdProperties(
        @DefaultValue("easgd-data") Path dataDir,
        String apiToken,
        String agentToken,
        @DefaultValue("false") boolean readRequiresToken,
        @DefaultValue Db db,
        @DefaultValue("16") int jdbcThreads,
        @DefaultValue Events events) {

    /**
     * @param port port of the embedded PostgreSQL; 0 picks a free one at each start
     */
    public record Db(@DefaultValue("0") int port) {
    }

    /**
     * @param pollInterval how often SSE streams also look in the database for events written by
     *     other backend replicas (events of this replica arrive at once)
     * @param keepAlive interval of SSE comment lines that keep idle connections open
     */
    public record Events(@DefaultValue("2s") Duration pollInterval, @DefaultValue("15s") Duration keepAlive) {
    }
}
