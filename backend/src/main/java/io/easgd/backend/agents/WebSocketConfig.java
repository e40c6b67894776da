package io.easgd.backend.agents;

import io.easgd.core.protocol.Protocol;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.support.WebSocketHandlerAdapter;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * Maps {@code /ws/agents} and sets the limits of docs/protocol.md on the Netty server; a message
 * sent in fragments (the JDK client splits large ones) is reassembled up to the same limit.
 */
@Configuration(proxyBeanMethods = false)
class WebSocketConfig {
    /**
     * Netty's frame and reassembly limit: twice the protocol's, so that a message a little too large
     * is still read whole and refused by the handler with a logged 1009 (at Netty's own limit it drops
     * the connection mid-frame, and the peer may see a TCP reset instead of the close frame).
     */
    static final int NETTY_LIMIT = 2 * Math.max(Protocol.MAX_FRAME_BYTES, Protocol.MAX_TEXT_BYTES);
    @Bean
    HandlerMapping agentSocketMapping(AgentSocketHandler handler) {
        return new SimpleUrlHandlerMapping(Map.of(Protocol.PATH, handler), -1);
    }

    @Bean
    WebSocketHandlerAdapter webSocketHandlerAdapter() {
        int limit = NETTY_LIMIT;
        return new WebSocketHandlerAdapter(new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                // handlePing stays false: Netty answers the agents' pings itself (they count a
                // silent server as lost after three heartbeats)
                () -> WebsocketServerSpec.builder().maxFramePayloadLength(limit))));
    }
}
