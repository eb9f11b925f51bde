package io.argus.app.up;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The components {@code argus up} runs, derived from its flags. Each component that exists joins
 * this list; ports keep upstream's defaults as offsets from {@code --port.base} (9090): servers at
 * base+0 and base+1, Alertmanagers at base+3.., query/store/compact at 10901/10902-style offsets.
 *
 * @param dataDir the directory under which each component gets its own data directory
 * @param host the host every component listens on and the URLs name
 * @param portBase the port of {@code server-0}; other ports are offsets from it
 */
public record Topology(Path dataDir, String host, int portBase) {
  /** The processes to run, in start order. */
  public List<Component> components() {
    List<Component> components = new ArrayList<>();
    components.add(server(0));
    return components;
  }

  private Component server(int replica) {
    String name = "server-" + replica;
    int port = portBase + replica;
    return new Component(
        name,
        "argus server (replica " + replica + ")",
        List.of(
            "server",
            "--storage.tsdb.path=" + dataDir.resolve(name),
            "--web.listen-address=" + hostPort(port)),
        URI.create("http://" + hostPort(port) + "/"));
  }

  private String hostPort(int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
