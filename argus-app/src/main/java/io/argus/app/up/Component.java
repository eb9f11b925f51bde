package io.argus.app.up;

import java.net.URI;
import java.util.List;

/**
 * One process of the topology.
 *
 * @param name short unique name, used as the output prefix, e.g. {@code server-0}
 * @param description what it is, for the start-up summary, e.g. {@code argus server (replica 0)}
 * @param arguments the {@code argus} arguments the process runs with, starting with the
 *     subcommand, e.g. {@code [server, --storage.tsdb.path=data/server-0, …]}
 * @param url where a user reaches it
 */
public record Component(String name, String description, List<String> arguments, URI url) {
  public Component {
    arguments = List.copyOf(arguments);
  }
}
