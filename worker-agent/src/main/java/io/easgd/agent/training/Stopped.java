package io.easgd.agent.training;

/** The job was stopped (by the server, or the agent is leaving) while the worker waited on the network. */
public final class Stopped extends RuntimeException {
    public Stopped(String reason) {
        super(reason);
    }
}
