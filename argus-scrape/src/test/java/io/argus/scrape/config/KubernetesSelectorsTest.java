package io.argus.scrape.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.scrape.config.KubernetesSelectors.FieldRequirement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubernetesSelectorsTest {
  @Test
  void parseFieldSelector_operatorsAndEscapes() {
    assertThat(KubernetesSelectors.parseFieldSelector("")).isEmpty();
    assertThat(
            KubernetesSelectors.parseFieldSelector(
                "metadata.name=web,status.phase!=Pending,spec.nodeName==n1,a=x\\,y"))
        .containsExactly(
            new FieldRequirement("metadata.name", true, "web"),
            new FieldRequirement("status.phase", false, "Pending"),
            new FieldRequirement("spec.nodeName", true, "n1"),
            new FieldRequirement("a", true, "x,y"));
  }

  @Test
  void parseFieldSelector_termWithoutOperatorIsRejected() {
    assertThatThrownBy(() -> KubernetesSelectors.parseFieldSelector("a=b,c"))
        .hasMessage("invalid selector: 'a=b,c'; can't understand 'c'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "app=web",
        "app==web,tier!=db",
        "app.kubernetes.io/name=web",
        "env in (prod, staging),!legacy",
        "env notin (dev)",
        "has-this-label",
        "replicas>2"
      })
  void validateLabelSelector_acceptsKubernetesSyntax(String selector) {
    KubernetesSelectors.validateLabelSelector(selector);
  }

  @ParameterizedTest
  @ValueSource(strings = {"app=-web", "-app=web", "app,,x", "env in prod", "env within (a)", "r>x"})
  void validateLabelSelector_rejectsInvalidSelectors(String selector) {
    assertThatThrownBy(() -> KubernetesSelectors.validateLabelSelector(selector))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
