package io.easgd.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/io/easgd/core/protocol/v1/} (and {@code v2/} for what
 * version 2 changed): a format change is a
 * failing test and a visible diff. Run with {@code -Deasgd.golden.write=true} to rewrite them after
 * a deliberate change (then review the diff; a wire change also needs a new protocol version).
 */
final class Golden {
    private static final String DIR = "io/easgd/core/protocol/v1/";

    private Golden() {
    }

    static String read(String name) {
        return read(DIR, name);
    }

    /** Asserts {@code actual} equals the golden file, or writes the file when asked to. */
    static void check(String name, String actual) {
        check(DIR, name, actual);
    }

    /** {@link #read} from another directory ({@code io/easgd/core/protocol/v2/}: what version 2 changed). */
    static String read(String dir, String name) {
        if (Boolean.getBoolean("easgd.golden.write")) {
            try {
                return Files.readString(Path.of("src/test/resources", dir, name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (InputStream in = Golden.class.getClassLoader().getResourceAsStream(dir + name)) {
            if (in == null) {
                throw new AssertionError("golden file " + dir + name + " is missing; run with -Deasgd.golden.write=true");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #check} in another directory. */
    static void check(String dir, String name, String actual) {
        if (Boolean.getBoolean("easgd.golden.write")) {
            try {
                Path file = Path.of("src/test/resources", dir, name);
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        assertThat(actual).as("golden file %s%s", dir, name).isEqualTo(read(dir, name));
    }
}
