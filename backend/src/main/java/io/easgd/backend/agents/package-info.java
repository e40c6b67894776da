/**
 * Worker agents: the {@code /ws/agents} WebSocket endpoint (handshake, heartbeats, framing, limits),
 * the registry of connected agents and {@code GET /api/v1/agents}. What agents say about jobs is
 * handed to an {@link io.easgd.backend.agents.AgentListener}, implemented downstream by the
 * parameter server.
 */
package io.easgd.backend.agents;
