package io.easgd.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/io/easgd/core/protocol/v1/}: a format change is a
 * failing test and a visible diff. Run with {@code -Deasgd.golden.write=true} to rewrite them after
 * a deliberate change (then review the diff; a wire change also needs a new protocol version).
 */
final class Golden {
    private static final String DIR = "io/easgd/core/protocol/v1/";

    private Golden() {
    }

    static String read(String name) {
        if (Boolean.getBoolean("easgd.golden.write")) {
            try {
                return Files.readString(Path.of("src/test/resources", DIR, name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (InputStream in = Golden.class.getClassLoader().getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new AssertionError("golden file " + DIR + name + " is missing; run with -Deasgd.golden.write=true");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts {@code actual} equals the golden file, or writes the file when asked to. */
    static void check(String name, String actual) {
        if (Boolean.getBoolean("easgd.golden.write")) {
            try {
                Path file = Path.of("src/test/resources", DIR, name);
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        assertThat(actual).as("golden file %s", name).isEqualTo(read(name));
    }
}
