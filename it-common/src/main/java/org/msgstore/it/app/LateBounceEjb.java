package org.msgstore.it.app;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.ArrayList;
import java.util.List;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.Recipient;
import org.msgstore.RecipientType;
import org.msgstore.Row;

/**
 * For the late bounce of {@code BounceIntakeScenarios}: submits one message to several SMTP
 * recipients, and reads back each recipient row of a folder's messages with what a report wrote on
 * it.
 */
@Stateless
public class LateBounceEjb {
  @Resource(name = ResourceRefs.MSGSTORE)
  private MessageStoreConnectionFactory factory;

  /** Submits {@code subject} from {@code mailbox} to each of {@code addresses}, one message. */
  public void submit(String mailbox, String subject, List<String> addresses) {
    try (MessageStoreConnection store = factory.getConnection(mailbox);
        Message m = store.openFolder(FolderKind.OUTBOX).createMessage()) {
      m.set(PropTag.PR_SUBJECT, subject);
      m.set(PropTag.PR_BODY, "Sent to be bounced after the relay's 250, by an in-server test.");
      m.set(PropTag.PR_SENDER_EMAIL_ADDRESS, SpoolerEjb.SENDER_ADDRESS);
      m.set(PropTag.PR_SENTMAIL_ENTRYID, store.getStoreProperty(PropTag.PR_IPM_SENTMAIL_ENTRYID));
      for (String address : addresses) {
        m.addRecipient(RecipientType.TO, address, "SMTP", address);
      }
      m.submit();
    }
  }

  /**
   * The recipient rows of the messages in {@code mailbox}'s {@code kind} folder whose subject
   * contains {@code text}, each as "address | PR_NDR_DIAG_CODE | PR_REPORT_TEXT" (null when unset).
   */
  @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
  public List<String> recipients(String mailbox, FolderKind kind, String text) {
    List<String> rows = new ArrayList<>();
    try (MessageStoreConnection store = factory.getConnection(mailbox)) {
      for (Row row : store.openFolder(kind).getContentsTable()) {
        String subject = row.get(PropTag.PR_SUBJECT);
        if (subject != null && subject.contains(text)) {
          try (Message m = store.openEntry(row.entryId())) {
            for (Recipient r : m.getRecipients()) {
              rows.add(
                  r.address()
                      + " | "
                      + r.get(PropTag.PR_NDR_DIAG_CODE)
                      + " | "
                      + r.get(PropTag.PR_REPORT_TEXT));
            }
          }
        }
      }
    }
    return rows;
  }
}
