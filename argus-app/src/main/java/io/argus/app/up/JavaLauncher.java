package io.argus.app.up;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start another {@code argus} JVM: the same java binary, JVM options, class path and main
 * class as the running one.
 *
 * @param javaBinary the {@code java} executable
 * @param jvmOptions {@code -X…} options passed on to the child (heap, GC, object headers)
 * @param classPath the class path (the fat jar when run with {@code -jar})
 * @param mainClass the fully qualified main class
 */
public record JavaLauncher(
    Path javaBinary, List<String> jvmOptions, String classPath, String mainClass) {
  public JavaLauncher {
    jvmOptions = List.copyOf(jvmOptions);
  }

  /** A launcher without JVM options of its own. */
  public JavaLauncher(Path javaBinary, String classPath, String mainClass) {
    this(javaBinary, List.of(), classPath, mainClass);
  }

  /**
   * A launcher for this JVM's own java binary and class path, passing on the {@code -X…} options
   * this JVM was started with (what {@code bin/argus} or {@code ARGUS_JAVA_OPTS} chose), so that
   * the servers of {@code argus up} run as a lone {@code argus server} would.
   */
  public static JavaLauncher current(String mainClass) {
    List<String> options =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(o -> o.startsWith("-X"))
            .toList();
    return new JavaLauncher(
        Path.of(System.getProperty("java.home"), "bin", "java"),
        options,
        System.getProperty("java.class.path"),
        mainClass);
  }

  /** The full command line for running {@code argus} with {@code arguments}. */
  public List<String> command(List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary.toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(arguments);
    return command;
  }
}
