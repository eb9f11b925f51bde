/**
 * A plain Prometheus as a store of the query layer: series through remote read with streamed XOR
 * chunks, external labels from its configuration, label names and values from its HTTP API.
 */
@NullMarked
package io.argus.store.prometheus;

import org.jspecify.annotations.NullMarked;
