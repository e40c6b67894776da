package io.easgd.backend.lab.net;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A lab that cannot start ends the backend's start with its reason and what to do, not a stack trace. */
class LabFailureAnalyzer extends AbstractFailureAnalyzer<LabException> {
    @Override
    protected FailureAnalysis analyze(Throwable root, LabException cause) {
        return new FailureAnalysis("The bandwidth-limited lab could not start: " + cause.getMessage(),
                "Run the backend as root on Linux with iproute2 (ip, tc), choose a free easgd.lab.subnet, or start "
                        + "without easgd.lab.link for agents on loopback.", cause);
    }
}
