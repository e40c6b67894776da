package io.easgd.backend.security;

/**
 * An enrollment token was revoked (here, or on another backend replica sharing the database): the
 * agents module closes the connections made with it.
 *
 * @param id the token's id
 * @param name its name
 */
public record AgentTokenRevoked(long id, String name) {
}
