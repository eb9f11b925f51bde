/**
 * The remote-write sender: a {@link io.argus.remote.write.WalWatcher} per queue tails the head's
 * WAL files and hands series and samples to a {@link io.argus.remote.write.QueueManager}, which
 * relabels them, spreads them over shards by series reference, batches them and POSTs snappy
 * protobuf requests with retries; {@link io.argus.remote.write.RemoteWriteStorage} owns the queues
 * of a {@code remote_write} configuration.
 */
@NullMarked
package io.argus.remote.write;

import org.jspecify.annotations.NullMarked;
