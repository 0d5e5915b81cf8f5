package org.msgstore.spooler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.PropTag;
import org.msgstore.Row;
import org.msgstore.store.SettableClock;
import org.msgstore.testing.TestStores;

class UnreadableMessageTest {
  @TempDir Path dir;

  @Test
  void a_message_whose_data_became_unreadable_is_failed_with_an_NDR_not_retried_forever()
      throws Exception {
    failsWithAnNdrAfterThreeTries("X'01000000FF'", "MAPI_E_CORRUPT_DATA");
  }

  @Test
  void a_stored_value_length_past_the_end_is_damaged_data_not_a_2_GB_allocation() throws Exception {
    // Version 1, one property, PR_SUBJECT (PT_UNICODE), a length of 2,147,483,632 bytes, then one.
    // The report names the check: the length was refused before anything was allocated (a test
    // JVM's heap would hold the 2 GB, a server's often not).
    failsWithAnNdrAfterThreeTries(
        "X'01' || X'00000001' || X'0037001F' || X'7FFFFFF0' || X'41'",
        "claims 2147483632 bytes where 1 are left");
  }

  private void failsWithAnNdrAfterThreeTries(String damagedProps, String reportSays)
      throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-11-24T12:00:00Z"));
    try (SpoolerFixture f = new SpoolerFixture(dir, clock)) {
      f.submitTo("alice", "to be damaged", "bob@example.com");
      try (Connection c = TestStores.openH2(dir);
          PreparedStatement ps = c.prepareStatement("UPDATE message SET props = " + damagedProps)) {
        assertEquals(1, ps.executeUpdate());
      }
      FakeTransport smtp = new FakeTransport("smtp", Set.of("SMTP"));
      Spooler s = f.spooler("node-1", smtp);
      for (int i = 0; i < 10 && s.runOnce() > 0; i++) {
        clock.advance(Duration.ofHours(2));
      }
      assertTrue(smtp.offers.isEmpty());
      assertEquals(0, s.runOnce(), "no longer queued");
      assertEquals(
          3, f.counters.count(SpoolerEvent.Kind.UNEXPECTED_ERROR), "three tries, then given up");
      List<Row> inbox = f.client("alice").openFolder(FolderKind.INBOX).getContentsTable();
      assertEquals(1, inbox.size());
      try (Message ndr = f.client("alice").openEntry(inbox.get(0).entryId())) {
        assertEquals("Report.IPM.Note.NDR", ndr.get(PropTag.PR_MESSAGE_CLASS));
        assertEquals("bob@example.com", ndr.getRecipients().get(0).address());
        assertTrue(
            ndr.getRecipients().get(0).get(PropTag.PR_REPORT_TEXT).contains(reportSays),
            ndr.getRecipients().get(0).get(PropTag.PR_REPORT_TEXT));
      }
    }
  }
}
