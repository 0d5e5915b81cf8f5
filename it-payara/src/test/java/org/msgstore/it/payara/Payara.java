package org.msgstore.it.payara;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.msgstore.it.scenario.ServerUnderTest;

/**
 * The Payara domain of the run, seen as its administrator sees it: asadmin and the domain's
 * server.log (the test JVM runs on the same machine). Client side only.
 */
public final class Payara implements ServerUnderTest {
  public static final Payara INSTANCE = new Payara();

  /** What Payara logs when it reclaims a leaked connection (leak tracing on, see PayaraDomain). */
  static final String LEAK_RECORD = "Reclaiming the leaked connection";

  /** Log lines already looked at by {@link #assertNoLeakedHandles}. */
  private int checkedLines;

  private Payara() {}

  @Override
  public List<String> serverLog() {
    try {
      return Files.readAllLines(PayaraDomain.serverLog());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PayaraDomain.serverLog(), e);
    }
  }

  /** The header line of a SEVERE record ({@code [date] [Payara 6.2025.9] [SEVERE] [...]}). */
  @Override
  public boolean isProblem(String logLine) {
    return logLine.contains("] [SEVERE] [");
  }

  /**
   * Payara does not close handles an application leaves open (no cached connection manager as on
   * WildFly); with leak tracing on the pool ({@link PayaraDomain}) it reclaims a connection kept
   * out longer than the leak timeout and logs that. So: wait out the timeout, then look for such a
   * record logged since the previous check.
   */
  @Override
  public synchronized void assertNoLeakedHandles() {
    sleep((PayaraDomain.LEAK_TIMEOUT_SECONDS + 2) * 1000L);
    List<String> log = serverLog();
    List<String> leaks =
        log.subList(Math.min(checkedLines, log.size()), log.size()).stream()
            .filter(l -> l.contains(LEAK_RECORD))
            .toList();
    checkedLines = log.size();
    if (!leaks.isEmpty()) {
      throw new AssertionError("connection handles left open and reclaimed by Payara: " + leaks);
    }
  }

  /** From {@code asadmin generate-jvm-report --type thread}: each thread and its stack. */
  @Override
  public List<String> adapterThreads() {
    List<String> found = new ArrayList<>();
    String thread = null;
    boolean counted = false;
    for (String line : Asadmin.run("generate-jvm-report", "--type", "thread").split("\\R")) {
      if (line.startsWith("Thread \"")) {
        thread = line.substring(0, line.indexOf('"', "Thread \"".length()) + 1);
        counted = false;
      } else if (thread != null && !counted && line.trim().startsWith("at: org.msgstore.")) {
        found.add(thread + " " + line.trim());
        counted = true;
      }
    }
    return found;
  }

  /**
   * {@code asadmin undeploy --cascade=true msgstore}: the connector resource, the pool and the
   * resource-adapter config go with the rar (without --cascade Payara refuses while they exist).
   */
  @Override
  public void undeployAdapter() {
    Asadmin.run("undeploy", "--cascade=true", PayaraDomain.RA_NAME);
  }

  /**
   * The README's recipe again: adapter config (the one in force before), deploy, pool, resource.
   */
  @Override
  public void redeployAdapter() {
    PayaraDomain.configureAgain();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
