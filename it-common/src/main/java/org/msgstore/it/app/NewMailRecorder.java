package org.msgstore.it.app;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.msgstore.inflow.NewMailEvent;

/**
 * What the test MDBs received, in order. Bean-managed concurrency: a test waiting in {@link #await}
 * must not hold a container lock the MDBs need to record.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class NewMailRecorder {
  /** One delivery: which MDB got which event. */
  public record Received(String listener, NewMailEvent event) {}

  private final List<Received> received = new ArrayList<>();

  public synchronized void record(String listener, NewMailEvent event) {
    received.add(new Received(listener, event));
    notifyAll();
  }

  public synchronized List<Received> all() {
    return List.copyOf(received);
  }

  /** The first delivery matching {@code match}, waiting at most {@code timeout} for it. */
  public synchronized Received await(Predicate<Received> match, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Received r : received) {
        if (match.test(r)) {
          return r;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "no new-mail event within " + timeout + ": " + what + "; received: " + received);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
