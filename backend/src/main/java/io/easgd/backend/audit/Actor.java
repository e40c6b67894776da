package io.easgd.backend.audit;

import java.net.InetSocketAddress;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who made a request: the credential it presented ({@value #API_TOKEN}, {@code agent-token},
 * {@code agent-token:<id>} for an enrollment token, {@value #ANONYMOUS} for an open read) and the
 * address it came from. The API's token filter attaches one to every {@code /api/} request.
 *
 * @param credential which credential, never the secret itself
 * @param remoteAddress the peer's IP address (the proxy's, unless Spring's forwarded-header support is on); may be null
 */
public record Actor(String credential, String remoteAddress) {
    /** The exchange attribute that holds the request's actor. */
    public static final String ATTRIBUTE = Actor.class.getName();
    public static final String API_TOKEN = "api-token";
    public static final String ANONYMOUS = "anonymous";

    /** The actor the token filter attached to {@code exchange}; an anonymous one from its address otherwise. */
    public static Actor of(ServerWebExchange exchange) {
        Actor a = exchange.getAttribute(ATTRIBUTE);
        return a != null ? a : new Actor(ANONYMOUS, address(exchange.getRequest().getRemoteAddress()));
    }

    /** The IP address of {@code peer} as text, or null when unknown. */
    public static String address(InetSocketAddress peer) {
        if (peer == null) {
            return null;
        }
        return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
    }
}
