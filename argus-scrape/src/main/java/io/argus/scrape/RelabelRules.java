package io.argus.scrape;

import io.argus.model.labels.Labels;
import io.argus.model.relabel.NameValidationScheme;
import io.argus.model.relabel.RelabelConfig;
import io.argus.model.relabel.Relabeler;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Configured relabel rules as a {@link LabelsRewriter}. A record, so that settings built from an
 * unchanged configuration compare equal and a reload keeps the running scrape pool.
 */
public record RelabelRules(List<RelabelConfig> rules, NameValidationScheme scheme)
    implements LabelsRewriter {
  public RelabelRules {
    rules = List.copyOf(rules);
  }

  @Override
  public @Nullable Labels apply(Labels labels) {
    return Relabeler.process(labels, rules, scheme);
  }
}
