package io.easgd.backend.testing;

import io.easgd.backend.EasgdProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The platform's settings as Spring binds them — every default of {@link EasgdProperties} — with a few set. */
public final class TestSettings {
    private TestSettings() {
    }

    /** @param settings {@code name=value} under {@code easgd.}, e.g. {@code agents.grace=30s} */
    public static EasgdProperties of(String... settings) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            map.put("easgd." + s.substring(0, eq), s.substring(eq + 1));
        }
        return new Binder(new MapConfigurationPropertySource(map)).bindOrCreate("easgd", EasgdProperties.class);
    }
}
