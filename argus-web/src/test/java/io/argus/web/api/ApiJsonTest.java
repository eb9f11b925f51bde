package io.argus.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.web.WebResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiJsonTest {
  private static String body(WebResponse r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    r.body().writeTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource({
    "1435781451781, 1435781451.781",
    "1435781451780, 1435781451.780",
    "1435781451005, 1435781451.005",
    "1435781451050, 1435781451.050",
    "1435781451000, 1435781451",
    "0, 0",
    "-1500, -1.500",
  })
  void formatTimestamp_secondsWithMillisecondDigitsAsUpstream(long ms, String expected) {
    assertThat(ApiJson.formatTimestamp(ms)).isEqualTo(expected);
  }

  @Test
  void error_envelopeAndStatus() throws IOException {
    WebResponse r = ApiJson.error(ErrorType.EXECUTION, "boom \"x\"");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(body(r))
        .isEqualTo(
            "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"boom \\\"x\\\"\"}");
  }

  @Test
  void errorTypes_httpCodesOfPrometheus3() {
    assertThat(ErrorType.BAD_DATA.httpStatus()).isEqualTo(400);
    assertThat(ErrorType.CANCELED.httpStatus()).isEqualTo(499);
    assertThat(ErrorType.TIMEOUT.httpStatus()).isEqualTo(503);
    assertThat(ErrorType.UNAVAILABLE.httpStatus()).isEqualTo(500);
    assertThat(ErrorType.NOT_ACCEPTABLE.httpStatus()).isEqualTo(406);
  }

  @Test
  void success_capsWarningsAtTenAsUpstream() throws IOException {
    List<String> warnings = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      warnings.add("w" + i);
    }
    String json = body(ApiJson.success(g -> g.writeNull(), warnings, List.of("i")));
    assertThat(json)
        .isEqualTo(
            "{\"status\":\"success\",\"data\":null,\"warnings\":[\"w0\",\"w1\",\"w2\",\"w3\","
                + "\"w4\",\"w5\",\"w6\",\"w7\",\"w8\",\"w9\",\"3 more warning annotations"
                + " omitted\"],\"infos\":[\"i\"]}");
  }

  @Test
  void writePoint_scratchBufferReusedAcrossValues() throws IOException {
    char[] scratch = new char[io.argus.util.GoFloat.MAX_JSON_CHARS];
    double[] values = {1, 0.5, -2.25e-7, 1.5e21, Double.NaN, Double.NEGATIVE_INFINITY, 1234567.125};
    String json =
        body(
            ApiJson.success(
                g -> {
                  g.writeStartArray();
                  for (int i = 0; i < values.length; i++) {
                    ApiJson.writePoint(g, 1000L * i + 500, values[i], scratch);
                  }
                  g.writeEndArray();
                },
                List.of(),
                List.of()));
    assertThat(json)
        .isEqualTo(
            "{\"status\":\"success\",\"data\":[[0.500,\"1\"],[1.500,\"0.5\"],"
                + "[2.500,\"-2.25e-07\"],[3.500,\"1.5e+21\"],[4.500,\"NaN\"],"
                + "[5.500,\"-Inf\"],[6.500,\"1234567.125\"]]}");
  }
}
