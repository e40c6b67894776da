package io.easgd.core.spec;

import com.fasterxml.jackson.annotation.JsonProperty;

/** DILOCO's inner optimiser ({@code innerOptimizer}): Nesterov SGD (η, δ) or Adam (η). */
public enum InnerOptimizer {
    @JsonProperty("nesterov")
    NESTEROV,
    @JsonProperty("adam")
    ADAM;

    /** The JSON name, also in error messages: "nesterov", "adam". */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
