/**
 * The Alertmanager's HTTP API v2 ({@code /api/v2/...}) and its management endpoints ({@code
 * /-/healthy}, {@code /-/ready}, {@code /-/reload}) as {@link io.argus.web.WebHandler}s: the JSON
 * shapes, validation messages and status codes of upstream's go-swagger server.
 */
@NullMarked
package io.argus.web.alertmanager;

import org.jspecify.annotations.NullMarked;
