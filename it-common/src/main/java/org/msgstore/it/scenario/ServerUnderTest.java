package org.msgstore.it.scenario;

import java.util.List;

/**
 * What a scenario needs to see and do on the server from the test JVM, as its administrator would
 * (WildFly through its management model, Payara through asadmin and its log file). Each server
 * module implements it; the scenarios call it only from {@code @RunAsClient} tests.
 */
public interface ServerUnderTest {
  /** The lines of the running server's log, oldest first. */
  List<String> serverLog();

  /** Whether a log line reports a problem (an ERROR or SEVERE record). */
  boolean isProblem(String logLine);

  /** Fails when the container had to reclaim a connection handle an application left open. */
  void assertNoLeakedHandles();

  /** The server's threads with an {@code org.msgstore} class on their stack, one line each. */
  List<String> adapterThreads();

  /**
   * Undeploys {@code msgstore.rar} as an administrator does (and what that needs on this server).
   */
  void undeployAdapter();

  /** Deploys the same rar again with its configuration, so the adapter starts. */
  void redeployAdapter();

  /** The lines logged since the log had {@code from} lines. */
  default List<String> serverLogSince(int from) {
    List<String> log = serverLog();
    return List.copyOf(log.subList(Math.min(from, log.size()), log.size()));
  }
}
