package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
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

/**
 * Two spooler owners claiming one queue at the same moment, each on its own connection and thread
 * (what two nodes do against one PostgreSQL database): every message is claimed exactly once. The
 * two-node spooler test with delivery comes later; this pins the claim itself.
 */
class ConcurrentClaimTest extends StoreContract {
  @Test
  void R30_two_spoolers_claiming_at_once_on_two_connections_claim_each_of_200_messages_once()
      throws Exception {
    int messages = 200;
    try (StoreFixture fixture = openFixture()) {
      MailboxSession alice = fixture.session("alice");
      Set<EntryId> submitted = new HashSet<>();
      for (int i = 0; i < messages; i++) {
        try (Message m = alice.openFolder(FolderKind.OUTBOX).createMessage()) {
          m.set(PropTag.PR_SUBJECT, "claim " + i);
          m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
          submitted.add(m.entryId());
          m.submit();
        }
      }
      List<SpoolerSession> owners =
          List.of(
              fixture.spoolerSession("node-a", Duration.ofMinutes(5)),
              fixture.spoolerSession("node-b", Duration.ofMinutes(5)));
      CyclicBarrier start = new CyclicBarrier(owners.size());
      ExecutorService pool = Executors.newFixedThreadPool(owners.size());
      List<Future<List<EntryId>>> claims = new ArrayList<>();
      for (SpoolerSession owner : owners) {
        claims.add(
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  List<EntryId> mine = new ArrayList<>();
                  for (List<EntryId> batch; !(batch = owner.claim(7)).isEmpty(); ) {
                    mine.addAll(batch);
                  }
                  return mine;
                }));
      }
      List<EntryId> a = claims.get(0).get(60, TimeUnit.SECONDS);
      List<EntryId> b = claims.get(1).get(60, TimeUnit.SECONDS);
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));

      Set<EntryId> both = new HashSet<>(a);
      both.retainAll(new HashSet<>(b));
      assertEquals(Set.of(), both, "claimed by both owners");
      assertEquals(a.size(), new HashSet<>(a).size(), "node-a claimed a message twice");
      assertEquals(b.size(), new HashSet<>(b).size(), "node-b claimed a message twice");
      Set<EntryId> all = new HashSet<>(a);
      all.addAll(b);
      assertEquals(submitted, all, "every message claimed");
    }
  }
}
