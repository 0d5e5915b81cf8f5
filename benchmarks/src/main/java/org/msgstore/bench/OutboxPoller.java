package org.msgstore.bench;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.mail.Session;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Drives the hand-written outbox's relay on a ManagedScheduledExecutorService: up to {@link
 * #RELAYS} relay loops at once (as many as MsgStore's smtpSessions and spoolerThreads), each
 * running {@link OutboxRelay} rounds of up to {@link #BATCH} rows until a round finds nothing due.
 *
 * <p>Prompt without a short poll: the business transaction registers {@link #wakeAfterCommit}, and
 * its commit starts a relay loop at once when fewer than {@link #RELAYS} run (a running loop claims
 * the new row in its next round anyway). A full batch starts one more loop, so a backlog fans out
 * over every connection. A loop that finds nothing ends, unless a wake-up arrived while it looked
 * (that wake-up may have found every loop busy), so no commit is left waiting for the poll. The
 * poll, every {@link #POLL_MS} ms like MsgStore's here, is only the safety net: deferred rows
 * coming due, postponed retries, rows left by a crash or a rolled-back round.
 *
 * <p>Without {@code java:jboss/datasources/AppDS} (APPDB=h2) it stays idle.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class OutboxPoller {
  static final int RELAYS = 4;
  static final int BATCH = 20;
  static final long POLL_MS = 1000;

  @Resource(lookup = "java:jboss/ee/concurrency/scheduler/bench-outbox")
  ManagedScheduledExecutorService executor;

  @Resource(lookup = "java:jboss/mail/Bench")
  Session mail;

  @EJB OutboxRelay relay;

  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong wakes = new AtomicLong();
  private SmtpConnections smtp;
  private ScheduledFuture<?> poll;

  @PostConstruct
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void start() {
    DataSource ds = AppDataSource.find().orElse(null);
    if (ds == null) {
      return;
    }
    try (Connection c = ds.getConnection()) {
      OutboxTable.create(c);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create bench_outbox: " + e.getMessage(), e);
    }
    smtp = new SmtpConnections(mail);
    poll = executor.scheduleWithFixedDelay(this::wake, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (poll != null) {
      poll.cancel(false);
      smtp.close();
    }
  }

  /** Called in the business transaction: wakes the relay when (and only if) it commits. */
  public void wakeAfterCommit(TransactionSynchronizationRegistry registry) {
    registry.registerInterposedSynchronization(
        new Synchronization() {
          @Override
          public void beforeCompletion() {}

          @Override
          public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
              wake();
            }
          }
        });
  }

  private void wake() {
    wakes.incrementAndGet();
    startLoopIfRoom();
  }

  private void startLoopIfRoom() {
    int r;
    do {
      r = running.get();
      if (r >= RELAYS) {
        return;
      }
    } while (!running.compareAndSet(r, r + 1));
    try {
      executor.execute(this::loop);
    } catch (RuntimeException e) {
      running.decrementAndGet(); // rejected (shutting down): the poll tries again
    }
  }

  private void loop() {
    while (true) {
      long seen = wakes.get();
      int claimed;
      boolean failed = false;
      try {
        claimed = relay.relay(smtp, BATCH);
      } catch (RuntimeException e) {
        claimed = 0; // rolled back: its rows are due again, and the poll comes back for them
        failed = true;
      }
      if (claimed == BATCH) {
        startLoopIfRoom();
      }
      if (claimed == 0) {
        running.decrementAndGet();
        if (!failed && wakes.get() != seen) {
          startLoopIfRoom();
        }
        return;
      }
    }
  }
}
