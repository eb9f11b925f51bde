package io.argus.scrape.discovery;

import io.argus.util.Cancellation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads target groups from JSON and YAML files matched by glob patterns ({@code file_sd_configs}).
 *
 * <p>Files are re-read when their directory reports a change and every refresh interval. The groups
 * of file {@code f} have sources {@code f:0}, {@code f:1}, … and the common label {@code
 * __meta_filepath=f}. A file that cannot be read or parsed keeps its last good groups (and counts
 * in {@code prometheus_sd_file_read_errors_total}); a file that vanished, or now holds fewer
 * groups, gets empty groups for the sources it lost.
 */
public final class FileDiscoverer implements Discoverer {
  static final String FILEPATH_LABEL = "__meta_filepath";
  private static final Logger logger = LoggerFactory.getLogger(FileDiscoverer.class);

  private final FileSdSettings settings;
  private final Waiter waiter;
  private final DiscoveryMetrics metrics;
  private final Wakeup wakeup = new Wakeup();
  private Map<String, Integer> groupCounts = new HashMap<>();
  private final Map<String, TargetGroup> lastSent = new HashMap<>();

  /** Creates a discoverer for {@code settings}. */
  public FileDiscoverer(FileSdSettings settings, Waiter waiter, DiscoveryMetrics metrics) {
    for (String pattern : settings.files()) {
      if (!hasKnownExtension(pattern)) {
        throw new IllegalArgumentException(
            "path name \"" + pattern + "\" is not valid for file discovery");
      }
    }
    this.settings = settings;
    this.waiter = waiter;
    this.metrics = metrics;
  }

  @Override
  public void run(Cancellation c, Consumer<List<TargetGroup>> updates) {
    WatchService watcher = startWatching();
    try {
      while (true) {
        c.check();
        refresh(updates);
        waiter.await(wakeup, settings.refreshIntervalMs(), c);
      }
    } finally {
      if (watcher != null) {
        try {
          watcher.close();
        } catch (IOException e) {
          logger.atDebug().setCause(e).log("closing file watcher failed");
        }
      }
    }
  }

  private @Nullable WatchService startWatching() {
    WatchService watcher;
    try {
      watcher = FileSystems.getDefault().newWatchService();
    } catch (IOException | UnsupportedOperationException e) {
      logger.atError().setCause(e).log("error adding file watcher");
      return null;
    }
    Set<Path> dirs = new LinkedHashSet<>();
    for (String pattern : settings.files()) {
      dirs.add(directoryOf(pattern));
    }
    for (Path dir : dirs) {
      try {
        dir.register(
            watcher,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      } catch (IOException e) {
        logger.atError().addKeyValue("dir", dir).setCause(e).log("error adding file watch");
      }
    }
    Thread.ofVirtual()
        .name("file-sd-watch")
        .start(
            () -> {
              try {
                while (true) {
                  WatchKey key = watcher.take();
                  key.pollEvents();
                  key.reset();
                  wakeup.raise();
                }
              } catch (ClosedWatchServiceException | InterruptedException e) {
                // The discoverer stopped.
              }
            });
    return watcher;
  }

  /** Re-reads every matching file and sends the groups that changed. */
  void refresh(Consumer<List<TargetGroup>> updates) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<TargetGroup> groups = new ArrayList<>();
    for (String file : listFiles()) {
      try {
        List<TargetGroup> read = readFile(file);
        groups.addAll(read);
        counts.put(file, read.size());
      } catch (IOException | TargetGroupParser.InvalidGroupsException e) {
        metrics.fileReadErrors.inc();
        logger
            .atError()
            .addKeyValue("path", file)
            .addKeyValue("err", e.getMessage())
            .log("error reading file");
        counts.put(file, groupCounts.getOrDefault(file, 0));
      }
    }
    groupCounts.forEach(
        (file, before) -> {
          for (int i = counts.getOrDefault(file, 0); i < before; i++) {
            groups.add(TargetGroup.empty(file + ":" + i));
          }
        });
    groupCounts = counts;
    List<TargetGroup> changed = new ArrayList<>();
    for (TargetGroup g : groups) {
      TargetGroup previous = lastSent.get(g.source());
      if (g.targets().isEmpty() && previous == null) {
        continue;
      }
      if (!g.equals(previous)) {
        changed.add(g);
      }
      if (g.targets().isEmpty()) {
        lastSent.remove(g.source());
      } else {
        lastSent.put(g.source(), g);
      }
    }
    if (!changed.isEmpty()) {
      updates.accept(changed);
    }
  }

  private Set<String> listFiles() {
    Set<String> files = new TreeSet<>();
    for (String pattern : settings.files()) {
      Path dir = directoryOf(pattern);
      Path glob = Path.of(pattern).getFileName();
      if (glob == null || !Files.isDirectory(dir)) {
        continue;
      }
      try (DirectoryStream<Path> matches = Files.newDirectoryStream(dir, glob.toString())) {
        for (Path p : matches) {
          if (Files.isRegularFile(p)) {
            files.add(
                Path.of(pattern).getParent() == null ? p.getFileName().toString() : p.toString());
          }
        }
      } catch (IOException e) {
        logger.atError().addKeyValue("pattern", pattern).setCause(e).log("error expanding glob");
      }
    }
    return files;
  }

  private static List<TargetGroup> readFile(String file)
      throws IOException, TargetGroupParser.InvalidGroupsException {
    String text;
    try {
      text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file, null, "no such file or directory");
    }
    String lower = file.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return TargetGroupParser.parseJson(text, file, FILEPATH_LABEL, file);
    }
    return TargetGroupParser.parseYaml(text, file, FILEPATH_LABEL, file);
  }

  private static boolean hasKnownExtension(String pattern) {
    String lower = pattern.toLowerCase(Locale.ROOT);
    return lower.endsWith(".json") || lower.endsWith(".yml") || lower.endsWith(".yaml");
  }

  private static Path directoryOf(String pattern) {
    Path parent = Path.of(pattern).getParent();
    return parent == null ? Path.of(".") : parent;
  }
}
