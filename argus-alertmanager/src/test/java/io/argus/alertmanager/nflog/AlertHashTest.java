package io.argus.alertmanager.nflog;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.util.XxHash64;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AlertHashTest {
  @Test
  void of_hashesSortedNameValuePairsWithSeparators() {
    Labels ls = Labels.of("severity", "page", "alertname", "Hö");
    ByteArrayOutputStream want = new ByteArrayOutputStream();
    for (String s : new String[] {"alertname", "Hö", "severity", "page"}) {
      want.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      want.write(0xff);
    }
    byte[] b = want.toByteArray();
    assertThat(AlertHash.of(ls)).isEqualTo(XxHash64.hash(b, 0, b.length));
    assertThat(AlertHash.of(Labels.EMPTY)).isEqualTo(0xEF46DB3751D8E999L);
  }
}
