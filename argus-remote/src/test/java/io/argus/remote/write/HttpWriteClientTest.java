package io.argus.remote.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.argus.scrape.config.ConfigLoader;
import io.argus.scrape.config.RemoteWriteConfig;
import io.argus.testkit.LoopbackPorts;
import io.argus.util.Clock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HttpWriteClientTest {
  @Test
  void store_refusedConnection_isRecoverableWithGoWording() {
    int port = LoopbackPorts.freePort();
    String url = "http://127.0.0.1:" + port + "/api/v1/write";
    RemoteWriteConfig config =
        ConfigLoader.loadString("remote_write:\n  - url: " + url + "\n", Path.of("."))
            .remoteWrite()
            .get(0);
    WriteException e;
    try (HttpWriteClient client = new HttpWriteClient("test", config, "Argus/test", Clock.SYSTEM)) {
      e = catchThrowableOfType(WriteException.class, () -> client.store(new byte[] {0}, 1, 0));
    }

    assertThat(e.recoverable()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo(
            "Post \"" + url + "\": dial tcp 127.0.0.1:" + port + ": connect: connection refused");
  }
}
