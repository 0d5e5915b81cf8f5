package org.msgstore.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.msgstore.MapiException;

/**
 * Callers of the db-away scenario: messages submitted at a steady pace by several threads, each in
 * a transaction of its own; a refused one is submitted again after a pause until it commits, as an
 * application does. Counts the refusals by what the caller saw: the {@link MapiException}'s MAPI
 * code found in the exception's causes (the container wraps it in an EJBException), or the
 * exception's class when there is none (a commit that failed after every call succeeded).
 */
final class RetryingSubmitter {
  private final Consumer<String> submit;
  private final String prefix;
  private final int messages;
  private final double rate;
  private final long retryMs;
  private final long deadlineMs;
  private final long startMs = System.currentTimeMillis();
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong committed = new AtomicLong();
  private final AtomicLong abandoned = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong firstRefusedMs = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong lastRefusedMs = new AtomicLong();
  private final AtomicLong firstCommitAfterRefusalMs = new AtomicLong(Long.MAX_VALUE);
  private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
  private final Map<String, String> samples = new ConcurrentHashMap<>();

  RetryingSubmitter(
      Consumer<String> submit,
      String prefix,
      int messages,
      double rate,
      long retryMs,
      long maxSeconds) {
    this.submit = submit;
    this.prefix = prefix;
    this.messages = messages;
    this.rate = rate;
    this.retryMs = retryMs;
    this.deadlineMs = startMs + maxSeconds * 1000;
  }

  /** One caller thread: takes the next message number until all are taken. */
  void run() {
    long n;
    while ((n = next.getAndIncrement()) < messages) {
      long due = startMs + (long) (n * 1000 / rate);
      pauseUntil(due);
      String subject = prefix + " " + n;
      boolean refusedBefore = false;
      while (true) {
        try {
          submit.accept(subject);
          committed.incrementAndGet();
          if (refusedBefore) {
            firstCommitAfterRefusalMs.accumulateAndGet(System.currentTimeMillis(), Math::min);
          }
          break;
        } catch (RuntimeException e) {
          long at = System.currentTimeMillis();
          firstRefusedMs.accumulateAndGet(at, Math::min);
          lastRefusedMs.accumulateAndGet(at, Math::max);
          String kind = kind(e);
          refusals.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
          samples.putIfAbsent(kind, message(e));
          if (!refusedBefore) {
            refusedBefore = true;
            retried.incrementAndGet();
          }
          if (at + retryMs > deadlineMs) {
            abandoned.incrementAndGet();
            break;
          }
          pauseUntil(at + retryMs);
        }
      }
    }
  }

  /**
   * {@code committed=C refused=R retried=M abandoned=A seconds=S first_refused_ms=..
   * last_refused_ms=.. first_commit_after_refusal_ms=.. refusals=KIND:N,..}, then one line {@code
   * sample KIND: message} per kind of refusal. The times are epoch milliseconds (0: none).
   */
  String report() {
    StringBuilder kinds = new StringBuilder();
    new TreeMap<>(refusals)
        .forEach(
            (k, v) -> kinds.append(kinds.isEmpty() ? "" : ",").append(k).append(':').append(v));
    StringBuilder out =
        new StringBuilder()
            .append("committed=")
            .append(committed)
            .append(" refused=")
            .append(refusals.values().stream().mapToLong(AtomicLong::get).sum())
            .append(" retried=")
            .append(retried)
            .append(" abandoned=")
            .append(abandoned)
            .append(" seconds=")
            .append(Driver.fmt((System.currentTimeMillis() - startMs) / 1000.0))
            .append(" first_refused_ms=")
            .append(orZero(firstRefusedMs.get()))
            .append(" last_refused_ms=")
            .append(lastRefusedMs.get())
            .append(" first_commit_after_refusal_ms=")
            .append(orZero(firstCommitAfterRefusalMs.get()))
            .append(" refusals=")
            .append(kinds.isEmpty() ? "none" : kinds)
            .append('\n');
    new TreeMap<>(samples)
        .forEach((k, v) -> out.append("sample ").append(k).append(": ").append(v).append('\n'));
    return out.toString();
  }

  private static long orZero(long ms) {
    return ms == Long.MAX_VALUE ? 0 : ms;
  }

  /** MAPI_E_... of the first MapiException among the causes; else the exception's class. */
  static String kind(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MapiException m) {
        return m.error().name();
      }
    }
    return e.getClass().getSimpleName();
  }

  private static String message(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MapiException) {
        return String.valueOf(t.getMessage()).replace('\n', ' ');
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return (e + (root == e ? "" : " caused by " + root)).replace('\n', ' ');
  }

  private static void pauseUntil(long epochMs) {
    long wait = epochMs - System.currentTimeMillis();
    if (wait > 0) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
