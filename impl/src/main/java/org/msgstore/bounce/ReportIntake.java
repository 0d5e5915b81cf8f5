package org.msgstore.bounce;

import jakarta.mail.internet.MimeMessage;
import java.util.Optional;
import org.msgstore.store.LateReports;
import org.msgstore.store.MessageStore;
import org.msgstore.store.StoreConnection;

/**
 * What one message of the bounce mailbox does to the store: read as a report, matched to its
 * message and recipient by the signed token, recorded in one store transaction ({@link
 * LateReports#record}). The verdict says what the mailbox does with the message afterwards; a
 * failure of the store throws, and the message is left unmarked to be read again.
 */
final class ReportIntake {

  /** What the mailbox does with a message once it was read. */
  enum Verdict {
    /** Recorded now: marked processed. */
    RECORDED(true),
    /** Recorded before (read again after a crash): marked processed, nothing written twice. */
    ALREADY_RECORDED(true),
    /** No token, or a token naming nothing the store has: left, marked unmatched. */
    UNMATCHED(false),
    /** A token no key signed: left, marked unmatched. */
    FORGED(false),
    /** No report MsgStore reads: left, marked unmatched. */
    UNPARSEABLE(false);

    private final boolean recorded;

    Verdict(boolean recorded) {
      this.recorded = recorded;
    }

    /** Whether the store has it now, so the mailbox marks it processed (flag, move or delete). */
    boolean recorded() {
      return recorded;
    }
  }

  private final MessageStore store;
  private final StoreConnection connection;
  private final ReportMatcher matcher;
  private final IntakeCounters counters;

  ReportIntake(
      MessageStore store,
      StoreConnection connection,
      ReportMatcher matcher,
      IntakeCounters counters) {
    this.store = store;
    this.connection = connection;
    this.matcher = matcher;
    this.counters = counters;
  }

  /** A message too large to be a report: left in the mailbox, counted as unparseable. */
  Verdict tooLarge(String which, int size) {
    String reason =
        "it has " + size + " bytes, more than a report's " + BounceMailbox.MAX_REPORT_BYTES;
    counters.processed.incrementAndGet();
    counters.unparseable.incrementAndGet();
    counters.problem("unparseable: " + which + ": " + reason);
    BounceLog.unparseable(which, reason);
    return Verdict.UNPARSEABLE;
  }

  /**
   * Reads and records {@code message}; {@code which} names it in the log (UID, Message-ID,
   * subject). Throws when the store cannot record it: the message is then left unmarked.
   */
  Verdict take(MimeMessage message, String which) {
    DeliveryReport report;
    try {
      report = ReportParser.parse(message);
    } catch (NotAReportException e) {
      counters.processed.incrementAndGet();
      counters.unparseable.incrementAndGet();
      counters.problem("unparseable: " + which + ": " + e.getMessage());
      BounceLog.unparseable(which, e.getMessage());
      return Verdict.UNPARSEABLE;
    }
    Optional<ReportMatcher.Match> match = matcher.match(report);
    if (match.isEmpty()) {
      counters.processed.incrementAndGet();
      Optional<String> forged = matcher.forgedToken(report);
      if (forged.isPresent()) {
        counters.forged.incrementAndGet();
        counters.problem("forged: " + which + " (" + forged.get() + ")");
        BounceLog.forged(which, forged.get());
        return Verdict.FORGED;
      }
      counters.unmatched.incrementAndGet();
      String reason =
          report.recipients().isEmpty()
              ? "it names no recipient"
              : "no bounce address nor ENVID carries a bounce token";
      counters.problem("unmatched: " + which + ": " + reason);
      BounceLog.unmatched(which, reason);
      return Verdict.UNMATCHED;
    }
    ReportMatcher.Match m = match.get();
    BounceToken t = m.token();
    LateReports.Result result =
        store
            .lateReports()
            .record(
                connection,
                t.mailboxId(),
                t.messageId(),
                t.recipientRow(),
                m.address(),
                m.outcome());
    counters.processed.incrementAndGet();
    String what =
        m.outcome().action()
            + " "
            + m.outcome().status()
            + " for recipient row "
            + t.recipientRow()
            + " ("
            + m.address()
            + ") of message row "
            + t.messageId()
            + ": "
            + result;
    switch (result) {
      case ALREADY_RECORDED -> {
        counters.alreadyRecorded.incrementAndGet();
        BounceLog.alreadyRecorded(which + ", " + what);
        return Verdict.ALREADY_RECORDED;
      }
      case UNKNOWN_MESSAGE -> {
        // Signed by us, so not forged: the ids name what the store does not have (a mailbox
        // dropped and recreated, a store restored from an older backup).
        counters.unmatched.incrementAndGet();
        String reason = "its token names " + what + ", which the store does not have";
        counters.problem("unmatched: " + which + ": " + reason);
        BounceLog.unmatched(which, reason);
        return Verdict.UNMATCHED;
      }
      default -> {
        counters.matched.incrementAndGet();
        BounceLog.recorded(which, what);
        return Verdict.RECORDED;
      }
    }
  }
}
