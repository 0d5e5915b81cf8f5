package org.msgstore.it.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.as.controller.client.Operation;
import org.jboss.as.controller.client.OperationBuilder;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.wildfly.core.launcher.Launcher;
import org.wildfly.core.launcher.StandaloneCommandBuilder;

/**
 * A WildFly of a fault IT's own, which the test may kill: started from the distribution the build
 * unpacked ({@code jboss.home}) on a fresh copy of its {@code standalone/} folder under {@code
 * target/faults/<name>}, with its ports moved by {@code portOffset}. The process started is the
 * server's JVM itself (java with jboss-modules.jar, as the launcher library builds the command),
 * not a script, so {@link #kill()} is a kill -9 of the server. A restart reuses the base folder:
 * the configuration, the deployments and the embedded store survive the kill as they would on disk.
 *
 * <p>Whatever it started it stops: {@link #close()}, and a shutdown hook should the test JVM end
 * first. Every wait is bounded.
 */
final class StandaloneServer implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(180);
  private static final Duration EXIT = Duration.ofSeconds(30);

  private final String name;
  private final int portOffset;
  private final Path jbossHome;
  private final Path base;
  private final List<String> javaOptions;
  private final Thread stopOnExit;
  private Process process;
  private ModelControllerClient management;
  private HttpClient http;

  private StandaloneServer(
      String name, int portOffset, Path jbossHome, Path base, List<String> javaOptions) {
    this.name = name;
    this.portOffset = portOffset;
    this.jbossHome = jbossHome;
    this.base = base;
    this.javaOptions = javaOptions;
    this.stopOnExit = new Thread(this::killNow, "kill fault-IT server " + name);
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * A server {@code name} on a fresh base folder (the previous run's is deleted), not started yet;
   * {@code systemProperties} are passed to its JVM.
   */
  static StandaloneServer fresh(String name, int portOffset, Map<String, String> systemProperties)
      throws IOException {
    Path home = Path.of(System.getProperty("jboss.home", "target/wildfly"));
    if (!Files.isRegularFile(home.resolve("jboss-modules.jar"))) {
      throw new IllegalStateException(
          "no WildFly in " + home.toAbsolutePath() + "; build with mvn verify -pl it-tests -am");
    }
    Path base = Path.of("target", "faults", name).toAbsolutePath();
    deleteTree(base);
    copyTree(home.resolve("standalone"), base);
    List<String> options = new ArrayList<>();
    options.add("-Xmx384m");
    options.add("-Djboss.socket.binding.port-offset=" + portOffset);
    systemProperties.forEach((k, v) -> options.add("-D" + k + "=" + v));
    return new StandaloneServer(name, portOffset, home, base, options);
  }

  String name() {
    return name;
  }

  Path console() {
    return base.resolve("console.log");
  }

  /** Starts the JVM and waits (bounded) until the server is running, deployments included. */
  void start() throws IOException, InterruptedException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is running");
    }
    requireFree(8080 + portOffset);
    requireFree(9990 + portOffset);
    StandaloneCommandBuilder command =
        StandaloneCommandBuilder.of(jbossHome)
            .setJavaHome(System.getProperty("java.home"))
            .setBaseDirectory(base)
            .setServerConfiguration("standalone.xml")
            .addJavaOptions(javaOptions);
    process =
        Launcher.of(command)
            .setRedirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(console().toFile()))
            .launch();
    // kill() must hit the server's JVM, not a launcher in front of it.
    String started = process.info().command().orElse("");
    if (!started.endsWith("/java")) {
      killNow();
      throw new IllegalStateException("started " + started + ", not a java process");
    }
    closeManagement();
    management =
        ModelControllerClient.Factory.create("remote+http", "127.0.0.1", 9990 + portOffset);
    // A new client per JVM: no pooled connection to a killed one.
    http = HttpClient.newBuilder().connectTimeout(EXIT).build();
    awaitRunning();
  }

  private void awaitRunning() throws InterruptedException {
    long deadline = System.nanoTime() + START.toNanos();
    ModelNode state =
        Operations.createReadAttributeOperation(new ModelNode().setEmptyList(), "server-state");
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError(
            name + " exited (" + process.exitValue() + ") while starting; see " + console());
      }
      try {
        ModelNode answer = management.execute(state);
        if (Operations.isSuccessfulOutcome(answer)
            && "running".equals(Operations.readResult(answer).asString())) {
          return;
        }
      } catch (IOException starting) {
        // the management interface is not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " not running within " + START + "; see " + console());
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  /** kill -9 of the server's JVM; returns once it is gone (bounded). */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError(name + " still alive " + EXIT + " after kill -9");
    }
    closeManagement();
  }

  /** Waits (bounded) until the JVM ended by itself, as a halt ends it; returns its exit code. */
  int awaitExit() throws InterruptedException {
    if (!process.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new AssertionError(name + " did not exit within " + EXIT);
    }
    closeManagement();
    return process.exitValue();
  }

  boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The result of {@code op}; throws with the server's failure description otherwise. */
  ModelNode execute(ModelNode op) throws IOException {
    return execute(Operation.Factory.create(op));
  }

  ModelNode execute(Operation op) throws IOException {
    ModelNode answer = management.execute(op);
    if (!Operations.isSuccessfulOutcome(answer)) {
      throw new IllegalStateException(
          name
              + ": "
              + op.getOperation().get("operation").asString()
              + " failed: "
              + Operations.getFailureDescription(answer));
    }
    return Operations.readResult(answer);
  }

  /** Deploys {@code file} under its file name; the server keeps it across restarts. */
  void deploy(Path file) throws IOException {
    ModelNode add =
        Operations.createAddOperation(
            Operations.createAddress("deployment", file.getFileName().toString()));
    add.get("enabled").set(true);
    add.get("content").add().get("input-stream-index").set(0);
    execute(OperationBuilder.create(add).addFileAsAttachment(file.toFile()).build());
  }

  /** GET of {@code path} (with its query) on the server's HTTP port; the body of a 200 answer. */
  String get(String path, Duration timeout) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (8080 + portOffset) + path))
            .timeout(timeout)
            .GET()
            .build();
    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IOException(name + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return answer.body();
  }

  /** The lines the server's JVM wrote to its console so far (stdout and stderr). */
  List<String> consoleLines() throws IOException {
    return Files.readAllLines(console());
  }

  @Override
  public void close() {
    killNow();
    closeManagement();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException exiting) {
      // the JVM is already shutting down; the hook runs anyway
    }
  }

  private void killNow() {
    Process p = process;
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      try {
        p.waitFor(EXIT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void closeManagement() {
    if (management != null) {
      try {
        management.close();
      } catch (IOException ignored) {
        // the connection to a dead server
      }
      management = null;
    }
  }

  private void requireFree(int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      probe.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(
          "port " + port + " of " + name + " (offset " + portOffset + ") is taken", e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
