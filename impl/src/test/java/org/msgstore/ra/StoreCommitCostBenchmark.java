package org.msgstore.ra;

import jakarta.transaction.TransactionManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.XAConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.msgstore.MessageStoreConnection;
import org.msgstore.PropTag;
import org.msgstore.store.StoreSettings;
import org.msgstore.testing.TestMessage;

/**
 * What a submit costs the embedded H2 store, outside any server: closed-loop threads, each running
 * Narayana JTA transactions that insert a business row into a second H2 database and submit the
 * benchmark's message (BENCHMARKS.md: 2.5 KiB body, 1 KiB attachment, To/Cc/Bcc), committed in two
 * phases. Per round it reports transactions per second and what H2 wrote to the store's file, from
 * H2's own counters: file writes (one per MVStore chunk, that is per commit that reached the file)
 * and bytes. This is the measurement behind BENCHMARKS.md's H2 cost model.
 *
 * <p>Not a test: the name keeps it out of {@code mvn verify}. Run by {@code
 * benchmarks/store-commit-cost.sh}; system properties {@code bench.threads} ("1 16"), {@code
 * bench.transactions} (3000 per round), {@code bench.rounds} (3), {@code bench.h2} (settings
 * appended to the store's H2 URL, e.g. {@code ;MAX_LENGTH_INPLACE_LOB=256} for H2's default LOB
 * threshold) and {@code bench.out} (a file the table is appended to).
 */
class StoreCommitCostBenchmark {
  private static final String BODY =
      "Dear customer, thank you for your order. This line pads the body to a realistic size.\n"
          .repeat(30);
  private static final byte[] ATTACHMENT = new byte[1024];

  static {
    new Random(42).nextBytes(ATTACHMENT);
  }

  private final AtomicLong orderIds = new AtomicLong();

  @Test
  void run() throws Exception {
    int transactions = Integer.getInteger("bench.transactions", 3000);
    int rounds = Integer.getInteger("bench.rounds", 3);
    String h2 = System.getProperty("bench.h2", "");
    List<String> rows = new ArrayList<>();
    rows.add(
        "| callers | round | tx/s | store file writes per tx | KiB written per tx | H2 settings added |");
    rows.add("|---|---|---|---|---|---|");
    for (String t : System.getProperty("bench.threads", "1 16").trim().split("\\s+")) {
      int threads = Integer.parseInt(t);
      Path dir = H2Databases.newDirectory("store-commit-cost");
      String url = H2Databases.url(dir, "msgstore") + h2;
      AdapterFixture adapter =
          AdapterFixture.startOn("store-commit-cost", new StoreSettings(url, "", "", 10_000));
      JdbcDataSource orders = H2Databases.dataSource(dir, "orders");
      try (Connection c = orders.getConnection();
          Statement s = c.createStatement();
          Connection counters = DriverManager.getConnection(url, "", "")) {
        s.execute("CREATE TABLE orders(id BIGINT PRIMARY KEY, note VARCHAR(200))");
        for (int round = 1; round <= rounds; round++) {
          long[] before = written(counters);
          long start = System.nanoTime();
          submitAll(adapter, orders, threads, transactions);
          double seconds = (System.nanoTime() - start) / 1e9;
          long[] after = written(counters);
          rows.add(
              String.format(
                  "| %d | %d | %.0f | %.2f | %.1f | %s |",
                  threads,
                  round,
                  transactions / seconds,
                  (after[0] - before[0]) / (double) transactions,
                  (after[1] - before[1]) / 1024.0 / transactions,
                  h2.isEmpty() ? "none" : "`" + h2 + "`"));
          System.out.println(rows.get(rows.size() - 1));
        }
      } finally {
        adapter.close();
      }
    }
    String out = System.getProperty("bench.out");
    if (out != null) {
      Files.write(
          Path.of(out),
          rows,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
  }

  /** H2's cumulative file writes and bytes written for the store's database. */
  private static long[] written(Connection c) throws Exception {
    long[] w = new long[2];
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME IN ('info.FILE_WRITE', 'info.FILE_WRITE_BYTES')")) {
      while (rs.next()) {
        w[rs.getString(1).endsWith("BYTES") ? 1 : 0] = Long.parseLong(rs.getString(2));
      }
    }
    return w;
  }

  private void submitAll(
      AdapterFixture adapter, JdbcDataSource orders, int threads, int transactions)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> callers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int share = transactions / threads + (t < transactions % threads ? 1 : 0);
        callers.add(pool.submit(() -> caller(adapter, orders, share)));
      }
      for (Future<Void> f : callers) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private Void caller(AdapterFixture adapter, JdbcDataSource orders, int count) throws Exception {
    TransactionManager tm = adapter.tm;
    XAConnection xa = orders.getXAConnection();
    try (Connection c = xa.getConnection();
        PreparedStatement insert = c.prepareStatement("INSERT INTO orders VALUES (?, ?)")) {
      for (int i = 0; i < count; i++) {
        long n = orderIds.incrementAndGet();
        tm.begin();
        tm.getTransaction().enlistResource(xa.getXAResource());
        insert.setLong(1, n);
        insert.setString(2, "Order " + n);
        insert.executeUpdate();
        try (MessageStoreConnection store = adapter.factory.getConnection("bench")) {
          TestMessage.subject("Order " + n + " confirmed")
              .set(PropTag.PR_BODY, BODY)
              .from("bench@bench.example")
              .set(PropTag.PR_DELETE_AFTER_SUBMIT, true)
              .to("to@bench.example")
              .cc("cc@bench.example")
              .bcc("bcc@bench.example")
              .attachment("invoice.bin", "application/octet-stream", ATTACHMENT)
              .submitFrom(store);
        }
        tm.commit();
      }
    } finally {
      xa.close();
    }
    return null;
  }
}
