package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.resource.spi.ManagedConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.junit.jupiter.api.Test;
import org.msgstore.testing.Slow;
import org.msgstore.testing.TestXid;

/**
 * The embedded default survives a process crash: what returned from a commit is there after a
 * restart, and a prepared branch is still there for the recovery manager (ARCHITECTURE §4, §5).
 */
@Slow
class CrashDurabilityTest {
  private static final int N = 200;
  private static final long CHILD_TIMEOUT_SECONDS = 120;

  private static void runChild(String... args) throws Exception {
    Path log =
        Files.createDirectories(Path.of("target", "crash-child"))
            .resolve(args[0] + "-" + System.nanoTime() + ".log");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashChild.class.getName()));
    command.addAll(Arrays.asList(args));
    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      child.destroyForcibly();
      throw new AssertionError("the child JVM did not finish in time; see " + log);
    }
    assertEquals(0, child.exitValue(), () -> "child failed; its output:\n" + read(log));
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static String narayanaDir(Path storeDir) {
    return storeDir.resolveSibling(storeDir.getFileName() + "-narayana").toString();
  }

  @Test
  void every_message_whose_commit_returned_is_there_after_the_process_is_halted() throws Exception {
    Path dir = H2Databases.newDirectory("crash");
    runChild("commit", dir.toString(), narayanaDir(dir), String.valueOf(N));

    try (AdapterFixture reopened = new AdapterFixture(dir, Narayana.transactionManager())) {
      Set<String> subjects = new HashSet<>(reopened.outboxSubjects("crash"));
      Set<String> expected =
          IntStream.range(0, N).mapToObj(i -> "message " + i).collect(Collectors.toSet());
      assertEquals(expected, subjects);
    }
  }

  @Test
  void a_branch_prepared_before_a_crash_is_recovered_on_a_fresh_managed_connection_and_commits()
      throws Exception {
    Path dir = H2Databases.newDirectory("crash-prepared");
    TestXid xid = TestXid.of("crash-prepared");
    runChild("prepare", dir.toString(), narayanaDir(dir), "crash-prepared");

    try (AdapterFixture reopened = new AdapterFixture(dir, Narayana.transactionManager())) {
      assertEquals(List.of(), reopened.outboxSubjects("crash"));
      ManagedConnection fresh = reopened.mcf.createManagedConnection(new Subject(), null);
      reopened.cm.created.add(fresh);
      XAResource xa = fresh.getXAResource();

      Xid[] inDoubt = xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN);
      Xid found =
          Arrays.stream(inDoubt)
              .filter(xid::sameBranch)
              .findFirst()
              .orElseThrow(() -> new AssertionError("not recovered: " + Arrays.toString(inDoubt)));
      xa.commit(found, false);

      assertEquals(List.of("prepared before the crash"), reopened.outboxSubjects("crash"));
    }
  }
}
