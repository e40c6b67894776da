package io.easgd.backend.lab.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Skips a test, saying why, where the lab cannot run: not root, or no {@code ip netns} / {@code tc}. */
public final class NetLabAvailability {
    private NetLabAvailability() {
    }

    public static void assumeAvailable() {
        String why;
        try {
            NetLab.checkAvailable(new Commands());
            why = null;
        } catch (LabException e) {
            why = e.getMessage();
        }
        String reason = why;
        assumeTrue(reason == null, () -> "skipped: the bandwidth-limited lab cannot run on this machine — " + reason);
    }
}
