/**
 * The HTTP additions of {@code argus query} over the Prometheus API v1: Thanos' per-request
 * parameters ({@code dedup}, {@code replicaLabels[]}, {@code partial_response}) and {@code
 * /api/v1/stores} with the health, label sets and time ranges of the endpoints.
 */
@NullMarked
package io.argus.web.query;

import org.jspecify.annotations.NullMarked;
