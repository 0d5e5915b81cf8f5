package org.msgstore.demo;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.msgstore.Compose;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.MessageFlags;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.RecipientType;
import org.msgstore.Row;

/**
 * Submits a message and writes an order row in ONE container-managed JTA transaction: both commit,
 * or — with "force rollback", or when the store refuses the input — neither does.
 */
@Stateless
public class MailService {
  /**
   * The connection definition demo.cli creates, injected by the msgstore-cdi jar (found under the
   * WildFly name java:/eis/MsgStore). The page names any mailbox, so this bean opens its own
   * connection per call and closes it; the fixed mailboxes are injected in {@link Mailboxes}.
   */
  @Inject MessageStoreConnectionFactory factory;

  /**
   * The domain of the demo's From addresses, {@code mailbox@msgstore.local}: a local domain of the
   * adapter (demo.cli) and the one its DKIM key signs for.
   */
  static final String DOMAIN = "msgstore.local";

  private static final Pattern NAMED_ADDRESS = Pattern.compile("([^<]*)<([^>]*)>");

  @EJB Orders orders;
  @EJB Mailboxes mailboxes;

  @Resource SessionContext context;

  /** Submits; returns what happened. A MapiException (bad input) rolls everything back. */
  public Map<String, Object> submit(String mailbox, ComposeForm form) {
    Map<String, Object> result = new LinkedHashMap<>();
    try (MessageStoreConnection store = factory.getConnection(mailbox)) {
      mailboxes.opened(mailbox); // created by getConnection, outside this transaction
      Compose compose =
          Compose.in(store) // Outbox, filed in Sent Items once sent
              .subject(text(form.subject))
              .text(text(form.body));
      Message m = compose.message();
      m.set(PropTag.PR_SENDER_NAME, mailbox);
      m.set(PropTag.PR_SENDER_EMAIL_ADDRESS, mailbox + "@" + DOMAIN);
      addReplyTo(compose, form.replyTo);
      addRecipients(m, RecipientType.TO, form.to);
      addRecipients(m, RecipientType.CC, form.cc);
      addRecipients(m, RecipientType.BCC, form.bcc);
      if (form.deferMinutes != null && form.deferMinutes > 0) {
        m.set(PropTag.PR_DEFERRED_SEND_NUMBER, form.deferMinutes);
        m.set(PropTag.PR_DEFERRED_SEND_UNITS, 0); // minutes
      }
      if (form.deleteAfterSubmit) {
        m.set(PropTag.PR_DELETE_AFTER_SUBMIT, true);
      }
      if (form.deliveryReport) {
        m.set(PropTag.PR_ORIGINATOR_DELIVERY_REPORT_REQUESTED, true);
      }
      if (form.attachmentName != null && !form.attachmentName.isEmpty()) {
        byte[] content =
            Base64.getDecoder().decode(form.attachmentBase64 == null ? "" : form.attachmentBase64);
        String type =
            form.attachmentType == null || form.attachmentType.isEmpty()
                ? "application/octet-stream"
                : form.attachmentType;
        m.addAttachment(form.attachmentName, type, new ByteArrayInputStream(content));
      }
      compose.submit(); // joins this transaction: queued only if it commits
    }
    long order = orders.insert(mailbox, form.subject);
    result.put("orderId", order);
    if (form.forceRollback) {
      context.setRollbackOnly();
      result.put("outcome", "rolled back");
      result.put(
          "text",
          "Transaction rolled back on request: no order row, nothing queued, nothing sent.");
    } else {
      result.put("outcome", "committed");
      result.put("text", "Committed: order " + order + " and the message, queued for the spooler.");
    }
    return result;
  }

  /** The contents table of one folder, flattened for JSON. */
  public List<Map<String, Object>> folder(String mailbox, FolderKind kind) {
    try (MessageStoreConnection store = factory.getConnection(mailbox)) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Row row : store.openFolder(kind).getContentsTable()) {
        Map<String, Object> r = new LinkedHashMap<>();
        int flags = row.get(PropTag.PR_MESSAGE_FLAGS, 0);
        r.put("subject", row.get(PropTag.PR_SUBJECT, ""));
        r.put("messageClass", row.get(PropTag.PR_MESSAGE_CLASS, ""));
        String to = row.get(PropTag.PR_DISPLAY_TO, "");
        if (to.isEmpty() && r.get("messageClass").toString().startsWith("Report.")) {
          to = reportedRecipients(store, row);
        }
        r.put("to", to);
        r.put("from", row.get(PropTag.PR_SENDER_NAME, ""));
        r.put("flags", flags);
        r.put("flagNames", flagNames(flags));
        r.put("submitted", (flags & MessageFlags.MSGFLAG_SUBMIT) != 0);
        Object time = row.get(PropTag.PR_CLIENT_SUBMIT_TIME);
        if (time == null) {
          time = row.get(PropTag.PR_MESSAGE_DELIVERY_TIME);
        }
        if (time == null) {
          time = row.get(PropTag.PR_LAST_MODIFICATION_TIME);
        }
        r.put("time", time == null ? "" : time.toString());
        rows.add(r);
      }
      return rows;
    }
  }

  /** A report names the recipients it is about in its recipient table, not in PR_DISPLAY_TO. */
  private static String reportedRecipients(MessageStoreConnection store, Row row) {
    try (Message m = store.openEntry(row.entryId())) {
      return String.join(", ", m.getRecipients().stream().map(Recipient::address).toList());
    } catch (MapiException e) {
      return "";
    }
  }

  static List<String> flagNames(int flags) {
    List<String> names = new ArrayList<>();
    if ((flags & MessageFlags.MSGFLAG_SUBMIT) != 0) names.add("SUBMIT");
    if ((flags & MessageFlags.MSGFLAG_UNSENT) != 0) names.add("UNSENT");
    if ((flags & MessageFlags.MSGFLAG_READ) != 0) names.add("READ");
    if ((flags & MessageFlags.MSGFLAG_HASATTACH) != 0) names.add("HASATTACH");
    if ((flags & MessageFlags.MSGFLAG_FROMME) != 0) names.add("FROMME");
    return names;
  }

  /** "a@x.org, bob" → an SMTP recipient and the MSGSTORE mailbox "bob". */
  private static void addRecipients(Message m, RecipientType type, String list) {
    if (list == null) {
      return;
    }
    for (String entry : list.split("[,;]")) {
      String address = entry.trim();
      if (address.isEmpty()) {
        continue;
      }
      if (address.contains("@")) {
        m.addRecipient(type, address, "SMTP", address);
      } else if (address.chars().anyMatch(Character::isWhitespace)) {
        throw new MapiException(
            MapiError.MAPI_E_INVALID_PARAMETER,
            "'"
                + address
                + "' is neither an SMTP address (name@domain) nor a mailbox name (no spaces)");
      } else {
        m.addRecipient(type, address, "MSGSTORE", address);
      }
    }
  }

  /** "Shop service <service@x.org>, b@y.org" → PR_REPLY_RECIPIENT_ENTRIES/_NAMES (Reply-To). */
  private static void addReplyTo(Compose compose, String list) {
    if (list == null) {
      return;
    }
    for (String entry : list.split("[,;]")) {
      String value = entry.trim();
      if (value.isEmpty()) {
        continue;
      }
      Matcher named = NAMED_ADDRESS.matcher(value);
      if (named.matches()) {
        compose.replyTo(named.group(1).strip(), named.group(2).strip());
      } else {
        compose.replyTo(value, value);
      }
    }
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
