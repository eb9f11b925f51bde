/**
 * {@code argus demo}: a synthetic workload to scrape. {@link io.argus.app.demo.WorkloadLayout}
 * describes the series of one target (a small web service: request counters, latency histograms,
 * process gauges), {@link io.argus.app.demo.DemoTarget} renders a target's values at a point in
 * time in either exposition format, and {@link io.argus.app.demo.DemoHttpServer} serves many
 * targets, one port each, from a single selector thread.
 */
@NullMarked
package io.argus.app.demo;

import org.jspecify.annotations.NullMarked;
