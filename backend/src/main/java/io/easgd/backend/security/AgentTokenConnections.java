package io.easgd.backend.security;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Which connected agents came in with which enrollment token: implemented downstream by the agents module. */
public interface AgentTokenConnections {

    /** The agents connected to this backend with an enrollment token, by token id. */
    Map<Long, List<ConnectedAgent>> byToken();

    /**
     * An agent connected with a token.
     *
     * @param id the agent's id
     * @param name its name
     * @param connectedAt since when
     * @param remoteAddress from where
     */
    @Schema(name = "TokenAgent")
    record ConnectedAgent(String id, String name, Instant connectedAt, String remoteAddress) {
    }
}
