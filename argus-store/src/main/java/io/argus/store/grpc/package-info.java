/**
 * The StoreAPI on the wire, compatible with Thanos: {@link io.argus.store.grpc.GrpcStoreServer}
 * serves any {@link io.argus.store.SeriesStore} over gRPC ({@code thanos.Store} and {@code
 * thanos.info.Info}); {@link io.argus.store.grpc.GrpcStoreClient} is the {@link
 * io.argus.store.SeriesStore} of one remote endpoint (an Argus server or any Thanos component).
 */
@NullMarked
package io.argus.store.grpc;

import org.jspecify.annotations.NullMarked;
