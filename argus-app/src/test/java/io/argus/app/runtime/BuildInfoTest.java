package io.argus.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildInfoTest {
  @Test
  void load_readsTheFilteredVersionResource() {
    BuildInfo build = BuildInfo.load();

    assertThat(build.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(build.revision()).matches("[0-9a-f]{7,40}|unknown");
    assertThat(build.buildDate()).matches("\\d{8}-\\d\\d:\\d\\d:\\d\\d");
    assertThat(build.javaVersion()).isEqualTo(Runtime.version().toString());
    assertThat(build.platform()).matches("[a-z0-9]+/[a-z0-9_]+");
  }
}
