package io.mpmexporter.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {

  @Test
  void readsEveryKindOfValue() throws Exception {
    Map<String, Object> m =
        JsonReader.readObject(
            " {\"s\":\"a\\\"b\\\\c\\/\\n\\u00e9\",\"t\":true,\"f\":false,\"n\":null,"
                + "\"num\":-1.5e3,\"zero\":0,\"list\":[1,\"x\",[]],\"obj\":{}} ");
    assertThat(m.get("s")).isEqualTo("a\"b\\c/\né");
    assertThat(m.get("t")).isEqualTo(true);
    assertThat(m.get("f")).isEqualTo(false);
    assertThat(m).containsKey("n");
    assertThat(m.get("n")).isNull();
    assertThat(m.get("num")).isEqualTo(new BigDecimal("-1.5e3"));
    assertThat(m.get("zero")).isEqualTo(BigDecimal.ZERO);
    assertThat(m.get("list")).isEqualTo(List.of(BigDecimal.ONE, "x", List.of()));
    assertThat(m.get("obj")).isEqualTo(Map.of());
    assertThat(m.keySet()).containsExactly("s", "t", "f", "n", "num", "zero", "list", "obj");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "[]",
        "\"x\"",
        "1",
        "null",
        "{",
        "}",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\":1,}",
        "{,}",
        "{\"a\":1 \"b\":2}",
        "{'a':1}",
        "{a:1}",
        "{\"a\":1}}",
        "{\"a\":1} x",
        "{\"a\":1}{}",
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":.5}",
        "{\"a\":+1}",
        "{\"a\":1e}",
        "{\"a\":-}",
        "{\"a\":NaN}",
        "{\"a\":tru}",
        "{\"a\":True}",
        "{\"a\":nul}",
        "{\"a\":\"unterminated}",
        "{\"a\":\"bad \\x escape\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":\"\\u12G4\"}",
        "{\"a\":[1,]}",
        "{\"a\":[1 2]}",
        "{\"a\":1,\"a\":2}",
        "{\"a\":\"tab\there\"}",
        "{\"a\":1}\u0000",
        "{/*c*/\"a\":1}"
      })
  void rejectsWhatIsNotStrictJsonObject(String text) {
    assertThatThrownBy(() -> JsonReader.readObject(text))
        .isInstanceOf(JsonException.class)
        .hasMessageStartingWith("malformed JSON at offset ");
  }

  @Test
  void duplicateKeysAreNamed() {
    assertThatThrownBy(() -> JsonReader.readObject("{\"mpm\":\"event\",\"mpm\":\"prefork\"}"))
        .hasMessageContaining("duplicate key 'mpm'");
  }

  @Test
  void deepNestingIsRefusedWithoutAStackOverflow() {
    String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    assertThatThrownBy(() -> JsonReader.readObject(deep))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("nested deeper than " + JsonReader.MAX_DEPTH);
  }

  @Test
  void anExponentBeyondRangeIsAJsonErrorNotACrash() {
    // Found by Jazzer (ParsersFuzzTest.adminRequestBody).
    assertThatThrownBy(() -> JsonReader.readObject("{\"a\":1e99999999999}"))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("number out of range");
  }

  @Test
  void hugeNumbersAreRefused() {
    assertThatThrownBy(() -> JsonReader.readObject("{\"a\":1" + "0".repeat(100) + "}"))
        .hasMessageContaining("number too long");
  }

  @Test
  void writerOutputReadsBack() throws Exception {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("s", "quote \" backslash \\ newline \n control \u0001 sep \u2028");
    m.put("n", null);
    m.put("b", true);
    m.put("l", List.of(1L, 2.5, "x"));
    String text = JsonWriter.write(m);
    Map<String, Object> back = JsonReader.readObject(text);
    assertThat(back.get("s")).isEqualTo(m.get("s"));
    assertThat(back.get("n")).isNull();
    assertThat(back.get("b")).isEqualTo(true);
    assertThat(back.get("l")).isEqualTo(List.of(BigDecimal.ONE, new BigDecimal("2.5"), "x"));
    assertThat(JsonWriter.write(Double.NaN)).isEqualTo("null");
  }
}
