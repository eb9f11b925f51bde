/**
 * The Prometheus HTTP API v1 and the web UI. Handlers take a parsed request and return a result;
 * they are not tied to Jetty, so {@code argus server}, {@code argus query} and {@code argus
 * alertmanager} can share them behind one HTTP adapter.
 */
@NullMarked
package io.argus.web;

import org.jspecify.annotations.NullMarked;
