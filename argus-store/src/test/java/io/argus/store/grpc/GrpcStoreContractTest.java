package io.argus.store.grpc;

import io.argus.store.SeriesStore;
import io.argus.store.SeriesStoreContract;
import io.argus.store.StoreFixture;
import io.argus.store.tsdb.TsdbFixtures;
import io.argus.tsdb.Db;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract through client, loopback gRPC and server, with batched frames. */
class GrpcStoreContractTest extends SeriesStoreContract {
  @TempDir Path dir;

  GrpcStoreServer.Options serverOptions() {
    return GrpcStoreServer.Options.DEFAULT;
  }

  GrpcStoreClient.Options clientOptions() {
    return GrpcStoreClient.Options.DEFAULT;
  }

  @Override
  protected SeriesStore open(StoreFixture fixture) throws Exception {
    Db db = TsdbFixtures.open(dir.resolve("db" + System.nanoTime()), fixture);
    closeAfterTest(db);
    GrpcStoreServer server =
        GrpcStoreServer.start(
            "127.0.0.1",
            0,
            TsdbFixtures.store(db, fixture),
            serverOptions(),
            new PrometheusRegistry(),
            Clock.SYSTEM);
    closeAfterTest(server);
    GrpcStoreClient client = GrpcStoreClient.connect(server.address(), clientOptions());
    closeAfterTest(client);
    return client;
  }
}
