package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.msgstore.PropTag;

/** Which reports a finished message owes its sender (R57, R58): decided in one place. */
class ReportPolicyTest {
  static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
  static final RecipientOutcome DELIVERED = new RecipientOutcome.Delivered(0, "smtp", T0);
  static final RecipientOutcome FAILED = new RecipientOutcome.Failed(1, "550", 1, 35, T0);

  @Test
  void R58_a_failed_recipient_owes_an_NDR_unless_the_sender_turned_them_off() {
    assertEquals(Set.of(ReportKind.NDR), ReportPolicy.owed(Map.of(), List.of(DELIVERED, FAILED)));
    assertEquals(
        Set.of(),
        ReportPolicy.owed(
            Map.of(PropTag.PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED, false), List.of(FAILED)));
  }

  @Test
  void R57_a_delivered_recipient_owes_a_DR_only_when_the_sender_asked_for_one() {
    assertEquals(Set.of(), ReportPolicy.owed(Map.of(), List.of(DELIVERED)));
    assertEquals(
        Set.of(ReportKind.DR, ReportKind.NDR),
        ReportPolicy.owed(
            Map.of(PropTag.PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED, true),
            List.of(DELIVERED, FAILED)));
  }
}
