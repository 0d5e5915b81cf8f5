package org.msgstore.it.app;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded polling: the spooler works asynchronously, so tests wait for an outcome, never a time.
 */
public final class Await {
  private static final long PAUSE_MS = 50;

  private Await() {}

  /**
   * Returns the first value of {@code probe} that satisfies {@code done}; fails after {@code
   * timeout} with {@code what} and the last value seen.
   */
  public static <T> T until(Supplier<T> probe, Predicate<T> done, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    T value = probe.get();
    while (!done.test(value)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what + "; last seen: " + value);
      }
      Thread.sleep(PAUSE_MS);
      value = probe.get();
    }
    return value;
  }

  /** {@link #until} for a search: waits until it finds something, and returns what it found. */
  public static <T> List<T> found(Supplier<List<T>> search, Duration timeout, String what)
      throws InterruptedException {
    return until(search, found -> !found.isEmpty(), timeout, what);
  }
}
