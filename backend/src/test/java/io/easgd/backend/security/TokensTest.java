package io.easgd.backend.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The API token check: equality of SHA-256 hashes compared with MessageDigest.isEqual, nothing else. */
class TokensTest {
    private static final String TOKEN = "s3cret-API-token_0123456789";
    private static final byte[] HASH = Tokens.sha256(TOKEN);

    @Test
    void hashesAreSha256OfTheUtf8Bytes() {
        assertThat(HexFormat.of().formatHex(Tokens.sha256("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");   // FIPS 180-2 test vector
        assertThat(Tokens.sha256("")).hasSize(32);
        assertThat(Tokens.sha256("x".repeat(100_000))).hasSize(32);    // any guess is compared as 32 bytes
    }

    @Test
    void onlyTheExactTokenMatches() {
        assertThat(Tokens.matches(TOKEN, HASH)).isTrue();
        assertThat(Tokens.matches("  " + TOKEN + "\n", HASH)).as("surrounding whitespace, as a pasted token has").isTrue();
        assertThat(Tokens.matches(TOKEN.substring(0, TOKEN.length() - 1), HASH)).as("a prefix").isFalse();
        assertThat(Tokens.matches(TOKEN + "9", HASH)).as("longer").isFalse();
        assertThat(Tokens.matches(TOKEN.toUpperCase(), HASH)).as("another case").isFalse();
        assertThat(Tokens.matches("t" + TOKEN.substring(1), HASH)).as("first character differs").isFalse();
        assertThat(Tokens.matches(null, HASH)).isFalse();
        assertThat(Tokens.matches("", HASH)).isFalse();
        assertThat(Tokens.matches("   ", Tokens.sha256(""))).as("a blank token never matches, even a blank one").isFalse();
    }

    @Test
    void theBearerSchemeIsReadCaseInsensitively() {
        assertThat(ApiTokenFilter.bearer("Bearer abc")).isEqualTo("abc");
        assertThat(ApiTokenFilter.bearer("bearer  abc ")).isEqualTo("abc");
        assertThat(ApiTokenFilter.bearer("Basic abc")).isNull();
        assertThat(ApiTokenFilter.bearer(null)).isNull();
    }
}
