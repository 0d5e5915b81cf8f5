package org.msgstore.store.jdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.msgstore.store.PostgresCluster;
import org.msgstore.store.StoreSettings;

/**
 * What an attachment's content costs a PostgreSQL store, kept in its row ({@code bytea}) or as a
 * large object, by size: the measurement behind {@link PostgresDialect#IN_ROW_BYTES}
 * (BENCHMARKS.md, "PostgreSQL: small attachments in their row").
 *
 * <p>One caller on the test cluster ({@link PostgresCluster}, fsync off, so CPU and not the disk is
 * measured). Each message with one attachment lives through the transactions its content sees in
 * the store: the submit (message row and attachment), the delivery (a copy for the recipient with
 * {@link AttachmentRepository#copyAll}, the content read whole as a transport reads it, the
 * original deleted) and the recipient's delete. Content is random, so not compressible. Reported
 * per size and way: messages per second and, per 1,000 messages, wall time, CPU of the caller's
 * backend and CPU of all server processes (from {@code /proc}, so autovacuum and the WAL writer
 * count too); medians of the rounds.
 *
 * <p>Not a test: the name keeps it out of {@code mvn test}. Run by {@code
 * benchmarks/postgres-attachment-cost.sh}; system properties {@code bench.sizes} (KiB, "1 4 16 64
 * 256"), {@code bench.messages} (per round, 500), {@code bench.rounds} (3) and {@code bench.out} (a
 * file the table is appended to).
 */
class PostgresAttachmentCostBenchmark {
  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

  @Test
  void run() throws Exception {
    int messages = Integer.getInteger("bench.messages", 500);
    int rounds = Integer.getInteger("bench.rounds", 3);
    List<String> rows = new ArrayList<>();
    rows.add(
        "| attachment | stored as | messages/s | ms wall / 1,000 msgs | ms backend CPU / 1,000 msgs"
            + " | ms server CPU / 1,000 msgs |");
    rows.add("|---|---|---|---|---|---|");
    for (String s : System.getProperty("bench.sizes", "1 4 16 64 256").trim().split("\\s+")) {
      int kib = Integer.parseInt(s);
      byte[] content = new byte[kib * 1024];
      new Random(kib).nextBytes(content);
      double[][] bytea = new double[rounds][];
      double[][] largeObject = new double[rounds][];
      try (Workload inRow = new Workload(new PostgresDialect(Long.MAX_VALUE));
          Workload lo = new Workload(new PostgresDialect(-1))) {
        inRow.messages(content, Math.max(50, messages / 10)); // warm-up
        lo.messages(content, Math.max(50, messages / 10));
        for (int round = 0; round < rounds; round++) {
          bytea[round] = inRow.messages(content, messages);
          largeObject[round] = lo.messages(content, messages);
        }
      }
      rows.add(row(kib, "bytea", bytea, messages));
      rows.add(row(kib, "large object", largeObject, messages));
    }
    String table = String.join("\n", rows) + "\n";
    System.out.print(table);
    String out = System.getProperty("bench.out");
    if (out != null) {
      Files.writeString(Path.of(out), table, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  private static String row(int kib, String way, double[][] rounds, int messages) {
    double wall = median(rounds, 0);
    double per1000 = 1000.0 / messages;
    return String.format(
        "| %d KiB | %s | %.0f | %.0f | %.0f | %.0f |",
        kib,
        way,
        messages / (wall / 1000),
        wall * per1000,
        median(rounds, 1) * per1000,
        median(rounds, 2) * per1000);
  }

  private static double median(double[][] rounds, int column) {
    double[] values = Arrays.stream(rounds).mapToDouble(r -> r[column]).sorted().toArray();
    return values[values.length / 2];
  }

  /** One fresh store database, one connection and its backend, one way of storing content. */
  private static final class Workload implements AutoCloseable {
    private final AttachmentRepository attachments;
    private final Connection c;
    private final long backend;
    private final long postmaster;
    private final BareMessages messages;

    Workload(PostgresDialect dialect) throws SQLException, IOException {
      StoreSettings database = PostgresCluster.get().newDatabase();
      Migrations.apply(dialect, dialect.dataSource(database), StoreSchema.named(""));
      attachments = new AttachmentRepository(dialect);
      c = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
      messages = new BareMessages(c);
      try (Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
          rs.next();
          backend = rs.getLong(1);
        }
      }
      postmaster = Long.parseLong(stat(backend)[3]);
      c.setAutoCommit(false);
    }

    /** Runs {@code n} messages through; returns wall ms, backend CPU ms, server CPU ms. */
    double[] messages(byte[] content, int n) throws Exception {
      long backendBefore = ticks(backend);
      long serverBefore = serverTicks();
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long submitted = messages.insert();
        attachments.insert(
            c,
            submitted,
            new AttachmentRecord(0, "a.bin", "application/octet-stream", content.length),
            new ByteArrayInputStream(content));
        c.commit();

        long delivered = messages.insert();
        attachments.copyAll(c, submitted, delivered);
        try (InputStream in = attachments.openContent(c, delivered, 0)) {
          if (in.readAllBytes().length != content.length) {
            throw new IllegalStateException("the delivered copy lost content");
          }
        }
        messages.delete(submitted);
        c.commit();

        messages.delete(delivered);
        c.commit();
      }
      double wall = (System.nanoTime() - start) / 1e6;
      return new double[] {
        wall,
        (ticks(backend) - backendBefore) * 1000.0 / TICKS_PER_SECOND,
        (serverTicks() - serverBefore) * 1000.0 / TICKS_PER_SECOND
      };
    }

    /** CPU ticks of the postmaster and all its children (backends, autovacuum, WAL writer...). */
    private long serverTicks() throws IOException {
      long sum = ticks(postmaster);
      try (var procs = Files.list(Path.of("/proc"))) {
        for (Path p : (Iterable<Path>) procs::iterator) {
          String name = p.getFileName().toString();
          if (!name.chars().allMatch(Character::isDigit)) {
            continue;
          }
          try {
            String[] f = stat(Long.parseLong(name));
            if (Long.parseLong(f[3]) == postmaster) {
              sum += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
          } catch (IOException | RuntimeException gone) {
            // a process that ended while listing
          }
        }
      }
      return sum;
    }

    private static long ticks(long pid) throws IOException {
      String[] f = stat(pid);
      return Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    /** Fields of /proc/pid/stat, numbered from 0 as in proc(5) minus one (comm skipped safely). */
    private static String[] stat(long pid) throws IOException {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String afterComm = s.substring(s.lastIndexOf(')') + 2);
      String[] rest = afterComm.split(" ");
      String[] f = new String[rest.length + 2];
      f[0] = Long.toString(pid);
      f[1] = "comm";
      System.arraycopy(rest, 0, f, 2, rest.length);
      return f;
    }

    @Override
    public void close() throws SQLException {
      c.close();
    }
  }
}
