package io.easgd.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTest {

    private static List<FieldError> single(String value, int max) {
        List<FieldError> errors = new ArrayList<>();
        boolean ok = Text.check(errors, "name", value, max);
        assertThat(ok).isEqualTo(errors.isEmpty());
        return errors;
    }

    private static List<FieldError> multi(String value, int max) {
        List<FieldError> errors = new ArrayList<>();
        boolean ok = Text.checkMultiline(errors, "modelJson", value, max);
        assertThat(ok).isEqualTo(errors.isEmpty());
        return errors;
    }

    @Test
    void ordinaryTextOfAnyScriptPasses() {
        assertThat(single(null, 10)).isEmpty();
        assertThat(single("", 10)).isEmpty();
        assertThat(single("eamsgd-tau10", 200)).isEmpty();
        assertThat(single("résumé 日本語 עברית العربية", 200)).isEmpty();
        assertThat(single("emoji 😀 and 𝔘", 200)).isEmpty();                  // surrogate pairs are fine
        assertThat(single("rtl mark \u200f and \u200e and \u061c", 200)).isEmpty();
    }

    @Test
    void nulAndOtherControlCharactersAreRefusedWithTheirPosition() {
        assertThat(single("a\u0000b", 200)).containsExactly(
                new FieldError("name", "must not contain control characters, found U+0000 at character 2"));
        for (char c : new char[] {'\u0001', '\u0007', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f'}) {
            assertThat(single("x" + c, 200)).as("U+%04X", (int) c).singleElement()
                    .extracting(FieldError::message).asString().startsWith("must not contain control characters");
        }
        // the position counts characters, not UTF-16 units
        assertThat(single("😀😀\u0000", 200).get(0).message()).endsWith("U+0000 at character 3");
    }

    @Test
    void loneSurrogatesAreRefusedBecauseTheyHaveNoUtf8Form() {
        assertThat(single("a\ud800b", 200)).containsExactly(
                new FieldError("name", "must be valid Unicode: lone UTF-16 surrogate U+D800 at character 2"));
        assertThat(single("\udc00", 200).get(0).message()).contains("U+DC00 at character 1");
        assertThat(single("ab\ud83d", 200).get(0).message()).contains("U+D83D at character 3");   // cut pair at the end
        assertThat(single("\ude00\ud83d", 200).get(0).message()).contains("U+DE00");               // reversed pair
    }

    @Test
    void bidiOverridesAndLineSeparatorsAreRefused() {
        for (char c : "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069".toCharArray()) {
            assertThat(single("job" + c + "exe", 200)).as("U+%04X", (int) c).singleElement()
                    .extracting(FieldError::message).asString()
                    .isEqualTo(String.format("must not contain bidirectional formatting characters, found U+%04X at character 4", (int) c));
        }
        assertThat(single("a\u2028b", 200).get(0).message()).isEqualTo("must be a single line, found U+2028 at character 2");
        assertThat(single("a\u2029b", 200)).hasSize(1);
    }

    @Test
    void lengthIsCountedInCodePoints() {
        assertThat(single("a".repeat(200), 200)).isEmpty();
        assertThat(single("a".repeat(201), 200)).containsExactly(
                new FieldError("name", "must be at most 200 characters, found 201"));
        assertThat(single("😀".repeat(200), 200)).isEmpty();                  // 400 UTF-16 units
        assertThat(single("😀".repeat(201), 200).get(0).message()).isEqualTo("must be at most 200 characters, found 201");
        // a long hostile value is reported by its length, without scanning or echoing it
        assertThat(single("\u0000".repeat(10_000), 200).get(0).message()).isEqualTo("must be at most 200 characters, found 10000");
    }

    @Test
    void multilineAllowsTabLineFeedAndCarriageReturnOnly() {
        assertThat(multi("{\n\t\"a\": 1\r\n}\u2028", 1000)).isEmpty();
        assertThat(multi("{\"a\":\"\u0000\"}", 1000).get(0).message()).contains("U+0000");
        assertThat(multi("{\u000b}", 1000).get(0).message()).contains("U+000B");
        assertThat(multi("\ud800", 1000).get(0).message()).contains("lone UTF-16 surrogate");
        assertThat(multi("\u202e", 1000).get(0).message()).contains("bidirectional");
        assertThat(multi("x".repeat(1001), 1000).get(0).field()).isEqualTo("modelJson");
    }

    @Test
    void cleanMakesFreeTextStorableInsteadOfRefusingIt() {
        assertThat(Text.clean(null, 10)).isNull();
        assertThat(Text.clean("fine\ttext\nwith 😀", 100)).isEqualTo("fine\ttext\nwith 😀");
        assertThat(Text.clean("nul\u0000 lone\ud800 esc\u001b rlo\u202e", 100))
                .isEqualTo("nul\ufffd lone\ufffd esc\ufffd rlo\ufffd");
        assertThat(Text.clean("abcdef", 6)).isEqualTo("abcdef");
        assertThat(Text.clean("abcdefg", 6)).isEqualTo("abcde…");
        // the cut never splits a surrogate pair
        assertThat(Text.clean("😀".repeat(10), 5)).isEqualTo("😀😀😀😀…");
        assertThat(single(Text.clean("x\u0000\udc00" + "😀".repeat(300), 200), 200)).isEmpty();
    }

    @Test
    void agentFreeTextIsCleanedBeforeItCanReachTheDatabase() {
        var failed = new io.easgd.core.protocol.ToServer.Failed(1, 0, "boom\u0000 \ud800" + "😀".repeat(5000));
        assertThat(multi(failed.message(), 4000)).isEmpty();
        assertThat(failed.message()).startsWith("boom\ufffd \ufffd😀").endsWith("…");
        var leaving = new io.easgd.core.protocol.ToServer.Leaving("bye\u0007");
        assertThat(leaving.reason()).isEqualTo("bye\ufffd");
    }

    @Test
    void theJobSpecChecksItsStringFieldsOnceEach() {
        assertThatThrownBy(() -> JobSpec.parse("{\"model\":\"mlp\\u0000\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("model", "must not contain control characters, found U+0000 at character 4")));
        assertThatThrownBy(() -> JobSpec.parse("{\"dataset\":\"\\ud800\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).singleElement()
                        .extracting(FieldError::field).isEqualTo("dataset"));
        assertThatThrownBy(() -> JobSpec.parse("{\"dataset\":\"" + "d".repeat(65) + "\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("dataset", "must be at most 64 characters, found 65")));
        // modelJson: the text check replaces the "only allowed when custom" one, not adds to it
        assertThatThrownBy(() -> JobSpec.parse("{\"modelJson\":\"\\u0000\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).singleElement()
                        .extracting(FieldError::message).asString().contains("U+0000"));
        assertThatThrownBy(() -> JobSpec.parse("{\"model\":\"custom\",\"modelJson\":\"" + "x".repeat(Text.MODEL_JSON_MAX + 1) + "\"}"))
                .isInstanceOfSatisfying(SpecValidationException.class, e -> assertThat(e.errors()).containsExactly(
                        new FieldError("modelJson", "must be at most " + Text.MODEL_JSON_MAX + " characters, found "
                                + (Text.MODEL_JSON_MAX + 1))));
        assertThat(JobSpec.parse("{\"dataset\":\"" + "d".repeat(64) + "\"}").dataset()).hasSize(64);
    }
}
