package io.argus.app.server;

import io.argus.app.cli.ListenAddress;

/**
 * Everything {@code argus server} is started with, from its flags.
 *
 * @param storage where and how to open storage
 * @param listenAddress where the HTTP server listens ({@code --web.listen-address})
 */
public record ServerSettings(StorageOptions storage, ListenAddress listenAddress) {}
