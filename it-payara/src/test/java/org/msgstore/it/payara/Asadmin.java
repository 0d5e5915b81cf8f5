package org.msgstore.it.payara;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code asadmin} of the unpacked Payara against the test domain, as an administrator would.
 */
public final class Asadmin {
  private Asadmin() {}

  public static Path home() {
    return Path.of(System.getProperty("payara.home", "target/payara6")).toAbsolutePath();
  }

  public static int portbase() {
    return Integer.getInteger("payara.portbase", 14800);
  }

  public static int adminPort() {
    return portbase() + 48;
  }

  /** The result of one command. */
  public record Result(List<String> command, int exitCode, String output) {
    public Result orFail() {
      if (exitCode != 0) {
        throw new IllegalStateException(
            "asadmin " + command + " exited " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  /** {@code asadmin --port <admin> --interactive=false args…}, failing on a non-zero exit. */
  public static String run(String... args) {
    return exec(true, args).orFail().output();
  }

  /** As {@link #run} without failing. */
  public static Result tryRun(String... args) {
    return exec(true, args);
  }

  /** asadmin without --port (local commands: create-domain, start-domain, stop-domain). */
  static Result local(String... args) {
    return exec(false, args);
  }

  private static Result exec(boolean remote, String... args) {
    List<String> command = new ArrayList<>();
    command.add(home().resolve("bin/asadmin").toString());
    command.add("--interactive=false");
    if (remote) {
      command.add("--port");
      command.add(Integer.toString(adminPort()));
    }
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("asadmin " + List.of(args) + " did not finish");
      }
      String output = new String(out, StandardCharsets.UTF_8);
      System.out.println(
          "asadmin " + String.join(" ", args) + " -> " + p.exitValue() + "\n" + output);
      return new Result(List.of(args), p.exitValue(), output);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run asadmin " + List.of(args), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
