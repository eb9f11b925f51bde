/**
 * The remote-write receiver: decodes 1.0 and 2.0 write requests straight into a storage {@link
 * io.argus.storage.Appender}, reports rejected samples per series as Prometheus does, and
 * deduplicates HA replica pairs at ingest like Cortex/Mimir's HA tracker. {@link
 * io.argus.remote.receiver.WriteEndpoint} holds the HTTP-level rules (content negotiation, snappy,
 * size limits, status codes and response headers) independently of any HTTP server.
 */
@NullMarked
package io.argus.remote.receiver;

import org.jspecify.annotations.NullMarked;
