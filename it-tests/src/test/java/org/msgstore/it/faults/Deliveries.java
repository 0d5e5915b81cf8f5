package org.msgstore.it.faults;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.msgstore.it.scenario.TestSmtp;

/**
 * What the test SMTP server ({@link TestSmtp}, in the test JVM) received of the messages whose
 * subject starts with a prefix: copies per Message-ID (each message has one recipient, so one copy
 * per delivery) and the subjects they carry.
 */
record Deliveries(Map<String, Long> copiesByMessageId, Map<String, Long> copiesBySubject) {
  static Deliveries of(String prefix) {
    List<TestSmtp.Received> mine =
        TestSmtp.received().stream()
            .filter(r -> r.subject() != null && r.subject().startsWith(prefix))
            .toList();
    return new Deliveries(
        mine.stream()
            .collect(
                Collectors.groupingBy(
                    TestSmtp.Received::messageId, TreeMap::new, Collectors.counting())),
        mine.stream()
            .collect(
                Collectors.groupingBy(
                    TestSmtp.Received::subject, TreeMap::new, Collectors.counting())));
  }

  /** Waits (bounded) until at least {@code n} copies with the prefix arrived; returns them. */
  static Deliveries await(String prefix, int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Deliveries d = of(prefix);
      if (d.copies() >= n) {
        return d;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "within " + timeout + " the test SMTP server received " + d.copies() + " of " + n);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  long copies() {
    return copiesByMessageId.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Copies beyond the first, over all messages. */
  long duplicates() {
    return copies() - copiesByMessageId.size();
  }

  /** Messages received more than once. */
  long messagesSentTwice() {
    return copiesByMessageId.values().stream().filter(n -> n > 1).count();
  }

  /** The subjects received, each once. */
  List<String> subjects() {
    return List.copyOf(copiesBySubject.keySet());
  }
}
