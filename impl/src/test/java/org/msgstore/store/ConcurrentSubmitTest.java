package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.Row;

class ConcurrentSubmitTest extends StoreContract {

  @Test
  void
      R19_a_thousand_submits_from_8_threads_give_a_thousand_queue_rows_in_order_none_lost_none_twice()
          throws Exception {
    int threads = 8;
    int perThread = 125;
    try (StoreFixture fixture = openFixture()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<EntryId>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  MailboxSession s =
                      fixture.session(
                          "sender-" + thread % 2); // two mailboxes, one connection per thread
                  List<EntryId> ids = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    try (Message m = s.openFolder(FolderKind.OUTBOX).createMessage()) {
                      m.set(PropTag.PR_SUBJECT, "t" + thread + "-" + i);
                      m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
                      ids.add(m.entryId());
                      m.submit();
                    }
                  }
                  return ids;
                }));
      }
      Set<EntryId> submitted = new HashSet<>();
      for (Future<List<EntryId>> f : futures) {
        submitted.addAll(f.get(120, TimeUnit.SECONDS));
      }
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));

      List<Row> queue = fixture.spoolerSession("n", Duration.ofMinutes(1)).getOutgoingQueue(0);
      assertEquals(threads * perThread, queue.size());
      assertEquals(
          submitted,
          new HashSet<>(queue.stream().map(Row::entryId).toList()),
          "every submitted message once");
      Instant previous = Instant.MIN;
      for (Row r : queue) {
        Instant t = r.get(PropTag.PR_CLIENT_SUBMIT_TIME);
        assertTrue(!t.isBefore(previous), "ordered by client submit time");
        previous = t;
      }
      // Within one thread, submit order is call order.
      for (int t = 0; t < threads; t++) {
        String prefix = "t" + t + "-";
        List<String> subjects =
            queue.stream()
                .map(r -> r.get(PropTag.PR_SUBJECT))
                .filter(s -> s.startsWith(prefix))
                .toList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < perThread; i++) {
          expected.add(prefix + i);
        }
        assertEquals(expected, subjects);
      }
    }
  }
}
