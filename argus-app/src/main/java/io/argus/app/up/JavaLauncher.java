package io.argus.app.up;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start another {@code argus} JVM: the same java binary, class path and main class as the
 * running one.
 *
 * @param javaBinary the {@code java} executable
 * @param classPath the class path (the fat jar when run with {@code -jar})
 * @param mainClass the fully qualified main class
 */
public record JavaLauncher(Path javaBinary, String classPath, String mainClass) {
  /** A launcher for this JVM's own java binary and class path. */
  public static JavaLauncher current(String mainClass) {
    return new JavaLauncher(
        Path.of(System.getProperty("java.home"), "bin", "java"),
        System.getProperty("java.class.path"),
        mainClass);
  }

  /** The full command line for running {@code argus} with {@code arguments}. */
  public List<String> command(List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary.toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(arguments);
    return command;
  }
}
