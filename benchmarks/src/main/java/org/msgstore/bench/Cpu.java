package org.msgstore.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time spent by the processes a message passes through: this server JVM (less the harness's
 * dump reader thread, measured by the JVM), the smtp-sink process (-Dbench.sinkPid) and, when the
 * store or the business rows live in PostgreSQL, the postmaster and all its backends
 * (-Dbench.dbPid). A process's CPU comes from /proc/PID/stat (utime + stime, plus cutime + cstime
 * of children it has reaped, which covers PostgreSQL backends that ended during the run).
 */
final class Cpu {
  /** CPU seconds at one instant: server, sink, database. */
  record Snapshot(double server, double sink, double db) {
    Usage minus(Snapshot before, long messages) {
      double per = messages == 0 ? Double.NaN : 1000.0 / messages;
      return new Usage(
          (server - before.server) * per, (sink - before.sink) * per, (db - before.db) * per);
    }
  }

  /** CPU seconds per 1,000 messages. */
  record Usage(double server, double sink, double db) {
    double total() {
      return server + sink + (Double.isNaN(db) ? 0 : db);
    }

    /** "total (server + sink [+ db])", the cell of a results row. */
    String cell() {
      String parts = fmt(server) + " + " + fmt(sink) + (Double.isNaN(db) ? "" : " + " + fmt(db));
      return fmt(total()) + " (" + parts + ")";
    }

    private static String fmt(double v) {
      return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }
  }

  private static final double TICKS_PER_SECOND =
      100; // USER_HZ, 100 on every Linux architecture in use

  private Cpu() {}

  static Snapshot now() {
    double server = treeSeconds(ProcessHandle.current().pid()) - SinkDump.readerCpuNanos() / 1e9;
    return new Snapshot(
        server,
        treeSeconds(Long.getLong("bench.sinkPid", -1)),
        treeSeconds(Long.getLong("bench.dbPid", -1)));
  }

  /** CPU seconds of a process and its live descendants, NaN without a pid. */
  static double treeSeconds(long pid) {
    if (pid <= 0) {
      return Double.NaN;
    }
    Map<Long, List<Long>> children = new HashMap<>();
    Map<Long, Long> ticks = new HashMap<>();
    try (DirectoryStream<Path> procs =
        Files.newDirectoryStream(
            Path.of("/proc"),
            p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
      for (Path proc : procs) {
        String[] f = stat(proc);
        if (f == null) {
          continue;
        }
        long id = Long.parseLong(proc.getFileName().toString());
        long ppid = Long.parseLong(f[1]);
        children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(id);
        // Fields after the command: state ppid ... utime(11) stime(12) cutime(13) cstime(14).
        ticks.put(
            id,
            Long.parseLong(f[11])
                + Long.parseLong(f[12])
                + Long.parseLong(f[13])
                + Long.parseLong(f[14]));
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    long total = 0;
    List<Long> todo = new ArrayList<>(List.of(pid));
    while (!todo.isEmpty()) {
      long p = todo.remove(todo.size() - 1);
      total += ticks.getOrDefault(p, 0L);
      todo.addAll(children.getOrDefault(p, List.of()));
    }
    return total / TICKS_PER_SECOND;
  }

  /** The fields of /proc/PID/stat after "(command)", or null when the process is gone. */
  private static String[] stat(Path proc) {
    try {
      String s = Files.readString(proc.resolve("stat"));
      return s.substring(s.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
