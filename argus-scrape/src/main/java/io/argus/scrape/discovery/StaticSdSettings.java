package io.argus.scrape.discovery;

import java.util.List;

/**
 * The {@code static_configs} of a job: fixed groups, usually with sources {@code "0"}, {@code "1"},
 * … by position as upstream numbers them.
 *
 * @param groups the groups to announce
 */
public record StaticSdSettings(List<TargetGroup> groups) implements DiscovererFactory {
  public StaticSdSettings {
    groups = List.copyOf(groups);
  }

  @Override
  public Discoverer create(DiscoveryContext context) {
    return new StaticDiscoverer(groups, context.waiter());
  }
}
