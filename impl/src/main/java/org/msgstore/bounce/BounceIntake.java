package org.msgstore.bounce;

import jakarta.mail.MessagingException;
import java.time.Duration;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.msgstore.store.BackgroundConnection;
import org.msgstore.store.MessageStore;
import org.msgstore.store.StoreConnection;

/**
 * The bounce intake's loop, run by the adapter as one long-running Work: read the bounce mailbox,
 * record each report in the store ({@link ReportIntake}), mark it in the mailbox only after the
 * commit, then wait for new mail (IMAP IDLE) or the poll interval. A mailbox that cannot be reached
 * is retried with a doubling wait; nothing that goes wrong ends the loop, only {@link #stop}.
 */
public final class BounceIntake implements Runnable {
  private final MessageStore store;
  private final IntakeSettings settings;
  private final Function<IntakeSettings, BounceMailbox> mailboxes;
  private final Timer timer;
  private final IntakeCounters counters = new IntakeCounters();
  private final ReportIntake intake;
  private final StoreConnection connection;
  private final Object wakeUp = new Object();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile boolean stopping;
  private volatile BounceMailbox mailbox;

  /**
   * @param timer the container's timer ({@code BootstrapContext.createTimer()}), which ends an IMAP
   *     IDLE after the poll interval so the mailbox is read again and expired suppression entries
   *     are purged; null: an IDLE lasts until new mail comes (or the connection's read timeout)
   */
  public BounceIntake(MessageStore store, IntakeSettings settings, Timer timer) {
    this(store, settings, timer, s -> s.pop3() ? new Pop3Mailbox(s) : new ImapMailbox(s, true));
  }

  /** With the mailboxes {@code mailboxes} makes (tests replace the marking step). */
  BounceIntake(
      MessageStore store,
      IntakeSettings settings,
      Timer timer,
      Function<IntakeSettings, BounceMailbox> mailboxes) {
    this.store = store;
    this.settings = settings;
    this.timer = timer;
    this.mailboxes = mailboxes;
    this.connection = new BackgroundConnection(store);
    this.intake =
        new ReportIntake(
            store,
            connection,
            new ReportMatcher(settings.localPartPrefix(), settings.keys()),
            counters);
  }

  public IntakeCounters counters() {
    return counters;
  }

  public IntakeSettings settings() {
    return settings;
  }

  @Override
  public void run() {
    BounceLog.intakeStarted(settings);
    Duration poll = settings.pollInterval();
    if (timer != null) {
      timer.schedule(
          new TimerTask() {
            @Override
            public void run() {
              BounceMailbox m = mailbox;
              if (m != null) {
                m.abortWait();
              }
            }
          },
          poll.toMillis(),
          poll.toMillis());
    }
    Duration retry = poll;
    try {
      while (!stopping) {
        try {
          if (mailbox == null) {
            BounceMailbox m = mailboxes.apply(settings);
            mailbox = m;
            m.open();
            BounceLog.mailboxReachable(settings.mailbox(), m.watches());
            if (!m.watches() && !settings.pop3()) {
              BounceLog.polling(settings.mailbox(), poll);
            }
          }
          purgeExpired();
          mailbox.readAll(intake);
          counters.roundDone();
          retry = poll;
          if (stopping || !mailbox.waitForMail()) {
            await(poll);
          }
        } catch (MessagingException | IllegalStateException e) {
          counters.mailboxFailed();
          counters.problem("mailbox: " + e);
          BounceLog.mailboxUnreachable(settings.mailbox(), retry, e);
          closeMailbox();
          await(retry);
          retry =
              retry.multipliedBy(2).compareTo(poll.multipliedBy(10)) > 0
                  ? poll.multipliedBy(10)
                  : retry.multipliedBy(2);
        } catch (RuntimeException e) {
          // The loop's one boundary: anything else is reported here and the loop goes on.
          counters.problem("round: " + e);
          BounceLog.roundFailed(e);
          closeMailbox();
          await(poll);
        }
      }
    } finally {
      closeMailbox();
      if (timer != null) {
        timer.cancel();
      }
      BounceLog.intakeStopped(counters);
      ended.countDown();
    }
  }

  /** Deletes the suppression entries that expired; a store failure waits for the next round. */
  private void purgeExpired() {
    try {
      BounceLog.suppressionPurged(store.suppressionList().purgeExpired(connection));
    } catch (RuntimeException e) {
      BounceLog.notRecorded("the purge of expired suppression list entries", e);
    }
  }

  /** Waits {@code time}, or until {@link #stop}. */
  private void await(Duration time) {
    long deadline = System.nanoTime() + time.toNanos();
    synchronized (wakeUp) {
      while (!stopping) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return;
        }
        try {
          wakeUp.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopping = true;
          return;
        }
      }
    }
  }

  private void closeMailbox() {
    BounceMailbox m = mailbox;
    mailbox = null;
    if (m != null) {
      m.close();
    }
  }

  /** Asks the loop to end, without waiting for it (the container's Work.release()). */
  public void requestStop() {
    stopping = true;
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
    BounceMailbox m = mailbox;
    if (m != null) {
      m.abortWait();
    }
  }

  /**
   * Ends the loop: wakes a wait, ends an IDLE (again, until it took), and waits up to {@code
   * timeoutMs} for the loop to end; then closes the mailbox under it. Returns whether it ended in
   * time.
   */
  public boolean stop(long timeoutMs) {
    stopping = true;
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    try {
      while (!ended.await(100, TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() > deadline) {
          BounceLog.stopSlow(timeoutMs);
          closeMailbox();
          return false;
        }
        BounceMailbox m = mailbox;
        if (m != null) {
          m.abortWait(); // an abort sent just before the IDLE began is lost: send it again
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
