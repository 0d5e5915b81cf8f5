package org.msgstore.store;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgstore.EntryId;
import org.msgstore.FolderKind;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.store.jdbc.AttachmentRecord;
import org.msgstore.store.jdbc.FolderRecord;
import org.msgstore.store.jdbc.MailboxRecord;
import org.msgstore.store.jdbc.MessageRecord;
import org.msgstore.store.jdbc.RecipientRecord;

/**
 * Writes a delivery or non-delivery report about a message into its sender's mailbox: the folder of
 * {@code PR_REPORT_ENTRYID} if it names one, else the Inbox (R58). Report rows carry the recipient
 * and, on an NDR, the reason and diagnostic codes (R55); an NDR attaches the original (R58).
 */
final class ReportWriter {
  private ReportWriter() {}

  static NewMailEvent write(
      MessageStore store,
      Connection c,
      MailboxRecord sender,
      MessageRecord original,
      ReportKind kind,
      List<RecipientRecord> rows,
      Map<Integer, RecipientOutcome> outcomes,
      OriginalRendition rendition,
      Instant now)
      throws SQLException {
    long nowUs = MessageStore.micros(now);
    FolderRecord folder = target(sender, original);
    Map<PropTag<?>, Object> o = original.props();
    String originalClass = (String) o.getOrDefault(PropTag.PR_MESSAGE_CLASS, "IPM.Note");
    Map<PropTag<?>, Object> p = new LinkedHashMap<>();
    p.put(PropTag.PR_MESSAGE_CLASS, kind.messageClass(originalClass));
    p.put(PropTag.PR_SUBJECT, kind.subject((String) o.get(PropTag.PR_SUBJECT)));
    copy(o, PropTag.PR_SUBJECT, p, PropTag.PR_ORIGINAL_SUBJECT);
    copy(o, PropTag.PR_CLIENT_SUBMIT_TIME, p, PropTag.PR_ORIGINAL_SUBMIT_TIME);
    copy(o, PropTag.PR_DISPLAY_TO, p, PropTag.PR_ORIGINAL_DISPLAY_TO);
    copy(o, PropTag.PR_DISPLAY_CC, p, PropTag.PR_ORIGINAL_DISPLAY_CC);
    copy(o, PropTag.PR_DISPLAY_BCC, p, PropTag.PR_ORIGINAL_DISPLAY_BCC);
    p.put(PropTag.PR_REPORT_TAG, original.entryId().clone());
    p.put(PropTag.PR_REPORT_TIME, now);
    p.put(PropTag.PR_MESSAGE_DELIVERY_TIME, now);
    p.put(PropTag.PR_SENDER_NAME, "MsgStore spooler");
    p.put(PropTag.PR_SENDER_ADDRTYPE, "MSGSTORE");
    p.put(PropTag.PR_SENDER_EMAIL_ADDRESS, "spooler");

    List<RecipientRecord> reported = new ArrayList<>();
    StringBuilder text =
        new StringBuilder(
            kind == ReportKind.NDR
                ? "Your message could not be delivered to:\n"
                : "Your message was delivered to:\n");
    for (RecipientRecord r : rows) {
      RecipientOutcome outcome = outcomes.get(r.rowId());
      boolean belongs =
          kind == ReportKind.NDR
              ? outcome instanceof RecipientOutcome.Failed
              : outcome instanceof RecipientOutcome.Delivered;
      if (!belongs) {
        continue;
      }
      Map<PropTag<?>, Object> extra = new LinkedHashMap<>();
      if (outcome instanceof RecipientOutcome.Failed f) {
        extra.put(PropTag.PR_NDR_REASON_CODE, f.ndrReasonCode());
        extra.put(PropTag.PR_NDR_DIAG_CODE, f.ndrDiagCode());
        extra.put(PropTag.PR_REPORT_TEXT, f.reason());
        extra.put(PropTag.PR_REPORT_TIME, f.at());
        text.append("  ").append(label(r)).append(": ").append(f.reason()).append('\n');
      } else if (outcome instanceof RecipientOutcome.Delivered d) {
        extra.put(PropTag.PR_DELIVER_TIME, d.at());
        text.append("  ").append(label(r)).append('\n');
      }
      int type = r.recipientType() & ~RecipientType.MAPI_SUBMITTED;
      reported.add(
          new RecipientRecord(
              reported.size(), type, r.displayName(), r.addrType(), r.emailAddress(), true, extra));
    }
    p.put(PropTag.PR_REPORT_TEXT, text.toString());
    p.put(PropTag.PR_BODY, text.toString());
    byte[] entryId = EntryIds.newMessageId();
    long id =
        store
            .messages()
            .insert(
                c, new MessageRecord(0, sender.id(), folder.id(), entryId, 0, 1, nowUs, nowUs, p));
    store.recipients().insertAll(c, id, reported);
    if (kind == ReportKind.NDR && rendition != null) {
      store
          .attachments()
          .insert(
              c,
              id,
              new AttachmentRecord(
                  0, rendition.fileName(), rendition.mimeType(), rendition.content().length),
              new ByteArrayInputStream(rendition.content()));
    }
    return new NewMailEvent(
        sender.name(),
        EntryId.of(entryId),
        EntryId.of(folder.entryId()),
        kind.messageClass(originalClass),
        0);
  }

  private static FolderRecord target(MailboxRecord sender, MessageRecord original) {
    Object reportTo = original.props().get(PropTag.PR_REPORT_ENTRYID);
    FolderRecord f = reportTo instanceof byte[] id ? sender.folder(id) : null;
    return f != null ? f : sender.folder(FolderKind.INBOX);
  }

  private static void copy(
      Map<PropTag<?>, Object> from,
      PropTag<?> fromTag,
      Map<PropTag<?>, Object> to,
      PropTag<?> toTag) {
    Object v = from.get(fromTag);
    if (v != null) {
      to.put(toTag, v);
    }
  }

  private static String label(RecipientRecord r) {
    return (r.displayName() != null ? r.displayName() + " " : "") + "<" + r.emailAddress() + ">";
  }
}
