/**
 * Service discovery: {@link io.argus.scrape.discovery.Discoverer}s turn static lists, files, HTTP
 * endpoints and DNS records into {@link io.argus.scrape.discovery.TargetGroup}s, and the {@link
 * io.argus.scrape.discovery.DiscoveryManager} runs one per job and discovery config, merges their
 * groups per job and hands coalesced updates to the scrape layer.
 *
 * <p>Settings records ({@code StaticSdSettings}, {@code FileSdSettings}, {@code HttpSdSettings},
 * {@code DnsSdSettings}) double as {@link io.argus.scrape.discovery.DiscovererFactory}s; their
 * equality decides whether a provider survives a config reload. All waiting goes through a {@link
 * io.argus.scrape.discovery.Waiter} so that tests drive refreshes without sleeping.
 */
@NullMarked
package io.argus.scrape.discovery;

import org.jspecify.annotations.NullMarked;
