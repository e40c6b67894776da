package io.easgd.backend.agents;

import io.easgd.backend.security.AgentTokenConnections;
import io.easgd.backend.security.AgentTokenRevoked;
import io.easgd.core.protocol.Protocol;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The agents connected with an enrollment token: shown with their token in
 * {@code GET /api/v1/agent-tokens}, and disconnected the moment it is revoked, with close 4001
 * "agent token revoked" (the agent exits instead of reconnecting, docs/protocol.md). Their ranks are
 * then handled like those of any agent that went away.
 */
@Component
class EnrolledAgents implements AgentTokenConnections {
    private static final Logger log = LoggerFactory.getLogger(EnrolledAgents.class);
    static final String REVOKED_REASON = "agent token revoked";

    private final AgentRegistry registry;

    EnrolledAgents(AgentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Map<Long, List<ConnectedAgent>> byToken() {
        return registry.all().stream().filter(a -> a.tokenId() != null).collect(Collectors.groupingBy(AgentSession::tokenId,
                Collectors.mapping(a -> new ConnectedAgent(a.id(), a.name(), a.connectedAt(), a.remoteAddress()),
                        Collectors.toList())));
    }

    @EventListener
    void onRevoked(AgentTokenRevoked revoked) {
        for (AgentSession a : registry.all()) {
            if (Long.valueOf(revoked.id()).equals(a.tokenId())) {
                log.info("agent {} ({}) disconnected: its agent token {} ({}) was revoked", a.id(), a.name(), revoked.id(),
                        revoked.name());
                a.close(Protocol.CLOSE_BAD_TOKEN, REVOKED_REASON);
            }
        }
    }
}
