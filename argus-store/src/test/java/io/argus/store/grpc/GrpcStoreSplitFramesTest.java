package io.argus.store.grpc;

/**
 * The contract through gRPC with one series per frame and frames so small that every series with
 * chunks is split over several frames, which the client joins again.
 */
class GrpcStoreSplitFramesTest extends GrpcStoreContractTest {
  @Override
  GrpcStoreServer.Options serverOptions() {
    return new GrpcStoreServer.Options(4 << 20, 100, 0);
  }

  @Override
  GrpcStoreClient.Options clientOptions() {
    return new GrpcStoreClient.Options(60_000, 5_000, 1 << 20, 2, 1);
  }
}
