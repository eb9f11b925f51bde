/**
 * Hand-written protobuf codecs for the remote-write (1.0 and 2.0) and remote-read wire messages.
 * Decoders read straight from a decompressed byte array and hand each series to a callback through
 * a reused view, so that appending to storage allocates nothing per sample; encoders write into a
 * reused, growable buffer. Both are strict: malformed input fails with a {@link
 * io.argus.remote.proto.ProtoException} naming what was wrong.
 */
@NullMarked
package io.argus.remote.proto;

import org.jspecify.annotations.NullMarked;
