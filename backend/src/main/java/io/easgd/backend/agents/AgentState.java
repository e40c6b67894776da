package io.easgd.backend.agents;

/** IDLE: connected, free for work. BUSY: holds a rank of a job. */
public enum AgentState { IDLE, BUSY }
