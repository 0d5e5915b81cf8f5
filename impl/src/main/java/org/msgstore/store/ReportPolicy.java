package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.msgstore.PropTag;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.RecipientRecord;

/**
 * Which reports a finished message owes its sender, decided here only: a non-delivery report when a
 * recipient failed, unless the sender set {@code PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED} to
 * FALSE (R58); a delivery report when a recipient was delivered and the sender set {@code
 * PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED} to TRUE (R57).
 */
final class ReportPolicy {
  private ReportPolicy() {}

  static Set<ReportKind> owed(
      Map<PropTag<?>, Object> props, Collection<RecipientOutcome> outcomes) {
    Set<ReportKind> owed = EnumSet.noneOf(ReportKind.class);
    if (outcomes.stream().anyMatch(o -> o instanceof RecipientOutcome.Failed)
        && !Boolean.FALSE.equals(props.get(PropTag.PR_ORIGINATOR_NON_DELIVERY_REPORT_REQUESTED))) {
      owed.add(ReportKind.NDR);
    }
    if (outcomes.stream().anyMatch(o -> o instanceof RecipientOutcome.Delivered)
        && Boolean.TRUE.equals(props.get(PropTag.PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED))) {
      owed.add(ReportKind.DR);
    }
    return owed;
  }

  /**
   * Writes {@code kinds} into the sender's mailbox, the NDR first; only an NDR asks for the
   * rendition of the original (it is attached), so it is built only when one is written.
   */
  static List<NewMailEvent> write(
      MessageStore store,
      Connection c,
      MailboxRecord sender,
      MessageRecord original,
      Set<ReportKind> kinds,
      List<RecipientRecord> rows,
      Map<Integer, RecipientOutcome> outcomes,
      Supplier<OriginalRendition> rendition,
      Instant at)
      throws SQLException {
    List<NewMailEvent> written = new ArrayList<>(kinds.size());
    for (ReportKind kind : kinds) { // EnumSet order: NDR, then DR
      OriginalRendition attached = kind == ReportKind.NDR ? rendition.get() : null;
      written.add(
          ReportWriter.write(store, c, sender, original, kind, rows, outcomes, attached, at));
    }
    return written;
  }
}
