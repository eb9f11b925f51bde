package io.argus.scrape.discovery;

/**
 * One discovery configuration, able to create its {@link Discoverer}.
 *
 * <p>Implementations are immutable values (typically records): two equal factories describe the
 * same configuration, which lets {@link DiscoveryManager#applyConfig} keep an unchanged provider
 * running across a reload.
 */
public interface DiscovererFactory {
  /**
   * Creates a discoverer for this configuration.
   *
   * @throws IllegalArgumentException if the configuration cannot be used
   */
  Discoverer create(DiscoveryContext context);
}
