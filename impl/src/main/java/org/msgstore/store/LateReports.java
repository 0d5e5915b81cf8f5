package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.msgstore.PropTag;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.store.jdbc.LateReportRepository;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.RecipientRecord;

/**
 * What a report that came back after the relay's 250 does to the store, in one transaction: it is
 * recorded against the message and recipient, the sender gets the NDR a synchronous refusal would
 * have given, and a permanent failure or a complaint puts the address on the {@link
 * SuppressionList}. A report already recorded — the same bounce read again after a crash, or a
 * relay that sends two — changes nothing.
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
    /**
     * Recorded, and no report owed: a delay, a delivery notice (the DR, when asked for, was written
     * when the relay accepted the message), an NDR the sender turned off, a complaint.
     */
    RECORDED,
    /** This recipient's report of this action was recorded before: nothing changed. */
    ALREADY_RECORDED,
    /**
     * The message is no longer in the store (deleted after submit, or by its user): recorded, and a
     * permanent failure or a complaint still suppresses the reported address; no report.
     */
    MESSAGE_GONE,
    /** The ids name a message of another mailbox, or a recipient row it does not have. */
    UNKNOWN_MESSAGE
  }

  private final MessageStore store;
  private final LateReportRepository rows = new LateReportRepository();

  LateReports(MessageStore store) {
    this.store = store;
  }

  /**
   * Records {@code outcome} for row {@code recipientRow} of message {@code messageId} of mailbox
   * {@code mailboxId} (as a verified bounce token names them) in one unit of work; new mail for a
   * report is raised, and the suppression list sees the change, after commit.
   *
   * @param reportedAddress the recipient's address as the report gives it (Final-Recipient, or a
   *     complaint's Original-Rcpt-To): what is suppressed when the message itself is gone
   */
  public Result record(
      StoreConnection conn,
      long mailboxId,
      long messageId,
      int recipientRow,
      String reportedAddress,
      Outcome outcome) {
    List<NewMailEvent> reports = new ArrayList<>();
    Result result =
        UnitOfWork.run(
            conn,
            "recording a late " + outcome.action() + " report for message row " + messageId,
            c -> record(c, mailboxId, messageId, recipientRow, reportedAddress, outcome, reports));
    UnitOfWork.afterCommit(
        conn,
        () -> {
          store.suppressionList().invalidate();
          reports.forEach(store.events()::newMail);
        });
    return result;
  }

  /** A report on a message no longer in the store: recorded, and the address suppressed if due. */
  private void recordGone(
      Connection c, long messageId, int recipientRow, String address, Outcome outcome)
      throws SQLException {
    rows.insert(
        c,
        new LateReportRepository.Row(
            messageId,
            recipientRow,
            outcome.action(),
            outcome.status(),
            clip(outcome.detail()),
            MessageStore.micros(store.clock().instant())));
    boolean permanent =
        outcome instanceof Failed f && f.permanent() || outcome instanceof Complained;
    if (permanent) {
      store
          .suppressionList()
          .add(
              c,
              address,
              (outcome.status() + " " + clip(outcome.detail())).trim(),
              outcome instanceof Complained
                  ? SuppressionList.Source.COMPLAINT
                  : SuppressionList.Source.BOUNCE,
              messageId,
              store.suppressionList().reportExpiry());
    }
  }

  private static String clip(String detail) {
    return detail.length() > 2000 ? detail.substring(0, 2000) : detail;
  }

  private Result record(
      Connection c,
      long mailboxId,
      long messageId,
      int recipientRow,
      String reportedAddress,
      Outcome outcome,
      List<NewMailEvent> reports)
      throws SQLException {
    if (rows.exists(c, messageId, recipientRow, outcome.action())) {
      return Result.ALREADY_RECORDED;
    }
    MessageRecord m = store.messages().findById(c, messageId);
    if (m == null) {
      recordGone(c, messageId, recipientRow, reportedAddress, outcome);
      return Result.MESSAGE_GONE;
    }
    if (m.mailboxId() != mailboxId) {
      return Result.UNKNOWN_MESSAGE;
    }
    List<RecipientRecord> recipients = store.recipients().load(c, messageId);
    RecipientRecord row =
        recipients.stream().filter(r -> r.rowId() == recipientRow).findFirst().orElse(null);
    if (row == null) {
      return Result.UNKNOWN_MESSAGE;
    }
    Instant now = store.clock().instant();
    String detail = clip(outcome.detail());
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
                store.suppressionList().reportExpiry());
      }
      reported =
          new RecipientOutcome.Failed(
              recipientRow,
              "reported after the relay accepted the message: " + f.status() + " " + detail,
              f.ndrReasonCode(),
              f.ndrDiagCode(),
              now);
    } else if (outcome instanceof Complained) {
      store
          .suppressionList()
          .add(
              c,
              row.emailAddress(),
              "complaint (" + detail + ")",
              SuppressionList.Source.COMPLAINT,
              messageId,
              store.suppressionList().reportExpiry());
      return Result.RECORDED;
    } else if (outcome instanceof Delayed d) {
      // Still being tried: shown on the recipient's row (the message in the Outbox or Sent
      // Items), and no report; a later failure or delivery notice replaces the text.
      Map<PropTag<?>, Object> extra = new LinkedHashMap<>(row.extra());
      extra.put(
          PropTag.PR_REPORT_TEXT,
          ("delayed, still being tried by the remote system: " + d.status() + " " + detail).trim());
      extra.put(PropTag.PR_REPORT_TIME, now);
      store.recipients().updateOutcome(c, messageId, recipientRow, row.responsibility(), extra);
      return Result.RECORDED;
    } else {
      // A delivery notice: kept on record, no report. A DR the sender asked for was written when
      // the relay accepted the message; a second one would only repeat it.
      return Result.RECORDED;
    }
    if (row.responsibility() && row.extra().containsKey(PropTag.PR_NDR_DIAG_CODE)) {
      // Failed already (a later attempt was refused, the message expired or was cancelled): its
      // NDR was written then; this report of an earlier copy is kept on record only.
      return Result.RECORDED;
    }
    // The recipient's outcome is now the failure, on its row as a synchronous refusal leaves it.
    store
        .recipients()
        .updateOutcome(c, messageId, recipientRow, true, OutcomeRows.withOutcome(row, reported));
    Set<ReportKind> owed = ReportPolicy.owed(m.props(), List.of(reported));
    if (owed.isEmpty()) {
      return Result.RECORDED;
    }
    MailboxRecord box = store.mailboxById(c, mailboxId);
    reports.addAll(
        ReportPolicy.write(
            store, c, box, m, owed, recipients, Map.of(recipientRow, reported), () -> null, now));
    return Result.NDR_WRITTEN;
  }
}
