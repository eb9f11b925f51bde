package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.remote.proto.ProtoWriter;
import io.argus.remote.read.ReadLimits;
import io.argus.remote.receiver.HaTrackerConfig;
import io.argus.remote.receiver.WriteProtocol;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * Issue 10, acceptance 6, over HTTP against one {@code argus server}: malformed protobuf, wrong
 * snappy framing, huge requests and invalid label sets (out of order, duplicate, empty name,
 * invalid UTF-8, no {@code __name__}) in 1.0 and 2.0 requests are answered 400 with a message and
 * nothing of the request is stored: not a sample, not a series, not a label value, although every
 * bad request starts with a valid series. After each case the server is healthy and ready, the data
 * accepted before is intact, and a valid request is still stored. The storage-class errors keep
 * upstream's split: a 1.0 request is rolled back, a 2.0 request written partially.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteWriteBadRequestsTest {
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String V1 = "application/x-protobuf";
  private static final String V2 = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private ArgusServer server;
  private URI base;
  private long now;
  private String keptBefore;
  private int validWrites;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    server =
        ArgusServer.start(
            new ServerSettings(
                    new StorageOptions(tmp, 15 * 86_400_000L, 0),
                    new ListenAddress("127.0.0.1", 0),
                    null,
                    false,
                    50,
                    false,
                    QuerySettings.DEFAULT,
                    Map.of(),
                    null)
                .withRemote(
                    new RemoteSettings(
                        true,
                        EnumSet.allOf(WriteProtocol.class),
                        HaTrackerConfig.DISABLED,
                        ReadLimits.DEFAULT)),
            TsdbServerStorage.factory(FileOps.defaults()),
            BUILD,
            Clock.SYSTEM);
    base = server.baseUri();
    now = Clock.SYSTEM.millis() - 60_000;
    ProtoWriter w = new ProtoWriter();
    for (int i = 0; i < 10; i++) {
      v1Series(w, now + i * 1000, i, "__name__", "kept", "job", "a");
      v1Series(w, now + i * 1000, -i, "__name__", "kept", "job", "b");
    }
    assertThat(post(V1, snappy(w)).statusCode()).isEqualTo(204);
    keptBefore = rangeOf("kept");
    assertThat(JSON.readTree(keptBefore)).hasSize(2);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    http.close();
  }

  // --- request building (by hand, so that invalid messages can be written) ---

  /** A 1.0 TimeSeries with labels in the given order and one sample. */
  private static void v1Series(ProtoWriter w, long t, double v, String... labels) {
    int ts = w.beginMessage(1);
    for (int i = 0; i < labels.length; i += 2) {
      int l = w.beginMessage(1);
      w.stringField(1, labels[i]);
      w.stringField(2, labels[i + 1]);
      w.endMessage(l);
    }
    int s = w.beginMessage(2);
    w.doubleField(1, v);
    w.varintField(2, t);
    w.endMessage(s);
    w.endMessage(ts);
  }

  /** A 1.0 request: one valid series {@code <prefix>_ok} then {@code bad} appended raw. */
  private byte[] v1WithValidFirst(String prefix, byte[] bad) {
    ProtoWriter w = new ProtoWriter();
    v1Series(w, now, 1, "__name__", prefix + "_ok", "job", "x");
    w.writeRaw(bad, 0, bad.length);
    return w.toByteArray();
  }

  private byte[] v1Bad(String prefix, String... labels) {
    ProtoWriter w = new ProtoWriter();
    v1Series(w, now, 2, labels);
    return v1WithValidFirst(prefix, w.toByteArray());
  }

  /**
   * A 2.0 request with the given symbols and series (each an array of label references); every
   * series carries one sample.
   */
  private byte[] v2(List<String> symbols, int[]... series) {
    ProtoWriter w = new ProtoWriter();
    for (String s : symbols) {
      w.repeatedStringField(4, s);
    }
    for (int[] refs : series) {
      int ts = w.beginMessage(5);
      for (int r : refs) {
        w.varintField(1, r);
      }
      int s = w.beginMessage(2);
      w.doubleField(1, 7);
      w.varintField(2, now);
      w.endMessage(s);
      w.endMessage(ts);
    }
    return w.toByteArray();
  }

  private static byte[] snappy(ProtoWriter w) throws Exception {
    return Snappy.compress(w.toByteArray());
  }

  // --- HTTP ---

  private HttpResponse<String> post(String contentType, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/api/v1/write"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", contentType)
            .header("Content-Encoding", "snappy")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve(pathAndQuery)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Every sample of the series named {@code name} as the range query API prints them. */
  private String rangeOf(String name) throws Exception {
    return get("/api/v1/query?query=" + enc(name + "[5m]") + "&time=" + (now + 60_000) / 1000.0)
        .at("/data/result")
        .toString();
  }

  /**
   * Posts a bad request and checks the whole contract: 400 with {@code message} (or a non-blank one
   * when null), no series or metric name starting with {@code prefix}, the server healthy, the
   * earlier data intact and a valid request still stored.
   */
  private void assertRejected(String contentType, byte[] body, String prefix, String message)
      throws Exception {
    HttpResponse<String> r = post(contentType, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    if (message != null) {
      assertThat(r.body()).isEqualTo(message + "\n");
    } else {
      assertThat(r.body()).isNotBlank();
    }
    assertNothingStored(prefix);
    assertServerHealthy();
  }

  private void assertNothingStored(String prefix) throws Exception {
    JsonNode series = get("/api/v1/series?match[]=" + enc("{__name__=~\"" + prefix + ".*\"}"));
    assertThat(series.get("data")).as("series of " + prefix).isEmpty();
    List<String> names = new ArrayList<>();
    get("/api/v1/label/__name__/values").get("data").forEach(n -> names.add(n.asText()));
    assertThat(names).as("metric names").noneMatch(n -> n.startsWith(prefix));
    List<String> jobs = new ArrayList<>();
    get("/api/v1/label/job/values").get("data").forEach(n -> jobs.add(n.asText()));
    assertThat(jobs).doesNotContain("bad");
  }

  private void assertServerHealthy() throws Exception {
    for (String path : new String[] {"/-/healthy", "/-/ready"}) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve(path)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(path).isEqualTo(200);
    }
    assertThat(rangeOf("kept")).isEqualTo(keptBefore);
    int n = ++validWrites;
    ProtoWriter w = new ProtoWriter();
    v1Series(w, now + n, n, "__name__", "still_writable", "job", "w");
    assertThat(post(V1, snappy(w)).statusCode()).isEqualTo(204);
    assertThat(
            get("/api/v1/query?query=" + enc("still_writable") + "&time=" + (now + n) / 1000.0)
                .at("/data/result/0/value/1")
                .asText())
        .isEqualTo(Integer.toString(n));
  }

  // --- malformed transport ---

  @Test
  void write_truncatedProtobuf_400NothingStored() throws Exception {
    byte[] raw = v1WithValidFirst("trunc", new byte[] {0x0a, 0x7f, 0x01});
    assertRejected(V1, Snappy.compress(raw), "trunc", "length 127 exceeds the 1 bytes left");
  }

  @Test
  void write_wrongWireType_400NothingStored() throws Exception {
    byte[] raw = v1WithValidFirst("wire", new byte[] {0x08, 0x01}); // timeseries as a varint
    assertRejected(
        V1,
        Snappy.compress(raw),
        "wire",
        "wrong wire type varint for WriteRequest.timeseries (field 1), want length-delimited");
  }

  @Test
  void write_v2SymbolOutOfRange_400NothingStored() throws Exception {
    byte[] raw =
        v2(List.of("", "__name__", "sym_ok", "job", "x"), new int[] {1, 2, 3, 4}, new int[] {1, 9});
    assertRejected(V2, Snappy.compress(raw), "sym", null);
  }

  @Test
  void write_snappyFramedFormat_400NothingStored() throws Exception {
    byte[] raw = v1WithValidFirst("framed", new byte[0]);
    // the snappy *framing* (stream) format: stream identifier chunk, then an uncompressed chunk
    ByteArrayOutputStream framed = new ByteArrayOutputStream();
    framed.write(new byte[] {(byte) 0xff, 6, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y'});
    int len = raw.length + 4;
    framed.write(new byte[] {1, (byte) len, (byte) (len >> 8), (byte) (len >> 16), 0, 0, 0, 0});
    framed.write(raw);
    assertRejected(V1, framed.toByteArray(), "framed", "snappy: corrupt input");
  }

  @Test
  void write_uncompressedBody_400NothingStored() throws Exception {
    assertRejected(V1, v1WithValidFirst("plain", new byte[0]), "plain", null);
  }

  @Test
  void write_hugeBody_400NothingStored() throws Exception {
    // 33 MiB of a valid request body: over the 32 MiB limit on compressed bodies
    ProtoWriter w = new ProtoWriter(34 << 20);
    String pad = "p".repeat(1000);
    int i = 0;
    while (w.size() < 33 << 20) {
      v1Series(w, now, 1, "__name__", "huge_" + i++, "pad", pad);
    }
    byte[] raw = w.toByteArray();
    byte[] body = new byte[raw.length + 8];
    int n = Snappy.compress(raw, 0, raw.length, body, 0); // compresses well: pad it to the size
    assertThat(n).isLessThan(33 << 20);
    byte[] huge = new byte[33 << 20];
    System.arraycopy(body, 0, huge, 0, n);
    assertRejected(
        V1,
        huge,
        "huge",
        "request body too large: the limit is 33554432 bytes (snappy-compressed)");
  }

  @Test
  void write_hugeDecodedLength_400NothingStored() throws Exception {
    // a small snappy block whose header announces 1 GiB once decompressed
    byte[] block = Snappy.compress(v1WithValidFirst("bomb", new byte[0]));
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04});
    int skip = 1;
    while ((block[skip - 1] & 0x80) != 0) {
      skip++;
    }
    b.write(block, skip, block.length - skip);
    assertRejected(V1, b.toByteArray(), "bomb", null);
  }

  // --- invalid label sets ---

  @Test
  void write_labelsOutOfOrder_400NothingStored() throws Exception {
    byte[] raw = v1Bad("order", "job", "bad", "__name__", "order_bad");
    assertRejected(V1, Snappy.compress(raw), "order", null);
    assertThat(post(V1, Snappy.compress(raw)).body()).startsWith("label names out of order");
  }

  @Test
  void write_duplicateLabels_400NothingStored() throws Exception {
    byte[] raw = v1Bad("dup", "__name__", "dup_bad", "job", "bad", "job", "other");
    assertRejected(V1, Snappy.compress(raw), "dup", null);
    assertThat(post(V1, Snappy.compress(raw)).body()).contains("job");
  }

  @Test
  void write_emptyLabelName_400NothingStored() throws Exception {
    byte[] raw = v1Bad("empty", "", "bad", "__name__", "empty_bad");
    assertRejected(V1, Snappy.compress(raw), "empty", null);
    assertThat(post(V1, Snappy.compress(raw)).body()).startsWith("empty label name");
  }

  @Test
  void write_invalidUtf8_400NothingStored() throws Exception {
    ProtoWriter w = new ProtoWriter();
    int ts = w.beginMessage(1);
    int l = w.beginMessage(1);
    w.stringField(1, "__name__");
    w.stringField(2, "utf_bad");
    w.endMessage(l);
    l = w.beginMessage(1);
    w.stringField(1, "job");
    w.bytesField(2, new byte[] {(byte) 0xff, (byte) 0xfe}, 0, 2);
    w.endMessage(l);
    w.endMessage(ts);
    byte[] raw = v1WithValidFirst("utf", w.toByteArray());
    assertRejected(V1, Snappy.compress(raw), "utf", "invalid UTF-8 in string field");
  }

  @Test
  void write_missingMetricName_400NothingStored() throws Exception {
    byte[] raw = v1Bad("noname", "job", "bad");
    assertRejected(
        V1, Snappy.compress(raw), "noname", "invalid metric name or labels, got {job=\"bad\"}");
  }

  @Test
  void write_v2InvalidLabelSets_400NothingStored() throws Exception {
    List<String> symbols = List.of("", "__name__", "v2_ok", "job", "bad", "v2_bad");
    int[] ok = {1, 2};
    assertRejected(V2, Snappy.compress(v2(symbols, ok, new int[] {3, 4, 1, 5})), "v2", null);
    assertRejected(V2, Snappy.compress(v2(symbols, ok, new int[] {1, 5, 3, 4, 3, 2})), "v2", null);
    assertRejected(V2, Snappy.compress(v2(symbols, ok, new int[] {3, 4})), "v2", null);
    assertRejected(V2, Snappy.compress(v2(symbols, ok, new int[] {1, 5, 0, 4})), "v2", null);
  }

  // --- storage-class errors: upstream's split between 1.0 and 2.0 ---

  @Test
  void write_outOfOrderSampleV1_400RequestRolledBack() throws Exception {
    ProtoWriter w = new ProtoWriter();
    v1Series(w, now, 1, "__name__", "ooo_ok", "job", "x");
    v1Series(w, now - 5_000, 1, "__name__", "kept", "job", "a"); // older than kept's samples
    HttpResponse<String> r = post(V1, snappy(w));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo("out of order sample for series {__name__=\"kept\", job=\"a\"}\n");
    assertThat(get("/api/v1/series?match[]=ooo_ok").get("data")).isEmpty();
    assertServerHealthy();
  }

  @Test
  void write_outOfOrderSampleV2_400RestStored() throws Exception {
    List<String> symbols = List.of("", "__name__", "partial_ok", "kept", "job", "b");
    ProtoWriter w = new ProtoWriter();
    for (String s : symbols) {
      w.repeatedStringField(4, s);
    }
    int ts = w.beginMessage(5);
    for (int ref : new int[] {1, 3, 4, 5}) {
      w.varintField(1, ref);
    }
    int s = w.beginMessage(2);
    w.doubleField(1, 7);
    w.varintField(2, now - 5_000);
    w.endMessage(s);
    w.endMessage(ts);
    byte[] ok = v2(symbols, new int[] {1, 2});
    int skip = symbolBytes(symbols);
    w.writeRaw(ok, skip, ok.length - skip);
    HttpResponse<String> r = post(V2, snappy(w));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo("out of order sample for series {__name__=\"kept\", job=\"b\"}\n");
    assertThat(r.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written")).hasValue("1");
    assertThat(get("/api/v1/series?match[]=partial_ok").get("data")).hasSize(1);
    assertServerHealthy();
  }

  /** The encoded size of the symbols table written by {@link #v2}. */
  private static int symbolBytes(List<String> symbols) {
    ProtoWriter w = new ProtoWriter();
    for (String s : symbols) {
      w.repeatedStringField(4, s);
    }
    return w.size();
  }
}
