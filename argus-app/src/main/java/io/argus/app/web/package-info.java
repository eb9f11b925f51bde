/**
 * The HTTP side of {@code argus server}: a Jetty 12 server whose handlers run on virtual threads,
 * and the management endpoints {@code /-/healthy}, {@code /-/ready} and {@code /metrics}.
 */
@NullMarked
package io.argus.app.web;

import org.jspecify.annotations.NullMarked;
