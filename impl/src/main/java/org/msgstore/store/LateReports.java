package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.store.jdbc.LateReportRepository;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.RecipientRecord;

/**
 * What a report that came back after the relay's 250 does to the store, in one transaction: it is
 * recorded against the message and recipient, the sender gets the NDR (or, when asked for, the DR)
 * a synchronous refusal would have given, and a permanent failure or a complaint puts the address
 * on the {@link SuppressionList}. A report already recorded — the same bounce read again after a
 * crash, or a relay that sends two — changes nothing.
 */
public final class LateReports {

  /** What a report says about one recipient. */
  public sealed interface Outcome {
    /** The action as recorded: failed, delayed, delivered, relayed or complained. */
    String action();

    /** The enhanced status code (5.1.1), empty for a complaint. */
    String status();

    /** The remote server's text, or the complaint's feedback type. */
    String detail();
  }

  /**
   * Not delivered after all; an NDR with these codes, and a suppression entry when {@code
   * permanent}.
   */
  public record Failed(
      String status, String detail, int ndrReasonCode, int ndrDiagCode, boolean permanent)
      implements Outcome {
    @Override
    public String action() {
      return "failed";
    }
  }

  /** Still trying (RFC 3464 action=delayed): recorded, no report. */
  public record Delayed(String status, String detail) implements Outcome {
    @Override
    public String action() {
      return "delayed";
    }
  }

  /**
   * Delivered into the recipient's mailbox, or relayed to a system that reports no further (RFC
   * 3464 keeps the two apart, and so does the DR's text).
   */
  public record Delivered(boolean relayed, String status, String detail) implements Outcome {
    @Override
    public String action() {
      return relayed ? "relayed" : "delivered";
    }
  }

  /** The recipient complained (a feedback-loop report): suppressed, no report to the sender. */
  public record Complained(String detail) implements Outcome {
    @Override
    public String action() {
      return "complained";
    }

    @Override
    public String status() {
      return "";
    }
  }

  /** What recording a report did. */
  public enum Result {
    NDR_WRITTEN,
    DR_WRITTEN,
    /**
     * Recorded, and no report owed (a delay, a DR not asked for, an NDR turned off, a complaint).
     */
    RECORDED,
    /** This recipient's report of this action was recorded before: nothing changed. */
    ALREADY_RECORDED,
    /** No such message in that mailbox (deleted since, or the ids are not the store's). */
    UNKNOWN_MESSAGE
  }

  private final MessageStore store;
  private final LateReportRepository rows = new LateReportRepository();

  LateReports(MessageStore store) {
    this.store = store;
  }

  /**
   * Records {@code outcome} for row {@code recipientRow} of message {@code messageId} of mailbox
   * {@code mailboxId} (as a bounce token names them) in one unit of work; new mail for a report is
   * raised after commit.
   */
  public Result record(
      StoreConnection conn, long mailboxId, long messageId, int recipientRow, Outcome outcome) {
    List<NewMailEvent> reports = new ArrayList<>();
    Result result =
        UnitOfWork.run(
            conn,
            "recording a late " + outcome.action() + " report for message row " + messageId,
            c -> record(c, mailboxId, messageId, recipientRow, outcome, reports));
    UnitOfWork.afterCommit(conn, () -> reports.forEach(store.events()::newMail));
    return result;
  }

  private Result record(
      Connection c,
      long mailboxId,
      long messageId,
      int recipientRow,
      Outcome outcome,
      List<NewMailEvent> reports)
      throws SQLException {
    if (rows.exists(c, messageId, recipientRow, outcome.action())) {
      return Result.ALREADY_RECORDED;
    }
    MessageRecord m = store.messages().findById(c, messageId);
    if (m == null || m.mailboxId() != mailboxId) {
      return Result.UNKNOWN_MESSAGE;
    }
    List<RecipientRecord> recipients = store.recipients().load(c, messageId);
    RecipientRecord row =
        recipients.stream().filter(r -> r.rowId() == recipientRow).findFirst().orElse(null);
    if (row == null) {
      return Result.UNKNOWN_MESSAGE;
    }
    Instant now = store.clock().instant();
    String detail =
        outcome.detail().length() > 2000 ? outcome.detail().substring(0, 2000) : outcome.detail();
    rows.insert(
        c,
        new LateReportRepository.Row(
            messageId,
            recipientRow,
            outcome.action(),
            outcome.status(),
            detail,
            MessageStore.micros(now)));
    RecipientOutcome reported;
    if (outcome instanceof Failed f) {
      if (f.permanent()) {
        store
            .suppressionList()
            .add(
                c,
                row.emailAddress(),
                f.status() + " " + detail,
                SuppressionList.Source.BOUNCE,
                messageId,
                null);
      }
      reported =
          new RecipientOutcome.Failed(
              recipientRow,
              "reported after the relay accepted the message: " + f.status() + " " + detail,
              f.ndrReasonCode(),
              f.ndrDiagCode(),
              now);
    } else if (outcome instanceof Delivered d) {
      reported = new RecipientOutcome.Delivered(recipientRow, d.action(), now);
    } else if (outcome instanceof Complained) {
      store
          .suppressionList()
          .add(
              c,
              row.emailAddress(),
              "complaint (" + detail + ")",
              SuppressionList.Source.COMPLAINT,
              messageId,
              null);
      return Result.RECORDED;
    } else {
      return Result.RECORDED; // a delay: kept on record, no report
    }
    Set<ReportKind> owed = ReportPolicy.owed(m.props(), List.of(reported));
    if (owed.isEmpty()) {
      return Result.RECORDED;
    }
    MailboxRecord box = store.mailboxById(c, mailboxId);
    reports.addAll(
        ReportPolicy.write(
            store, c, box, m, owed, recipients, Map.of(recipientRow, reported), () -> null, now));
    return owed.contains(ReportKind.NDR) ? Result.NDR_WRITTEN : Result.DR_WRITTEN;
  }
}
