package org.msgstore.it.app;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import org.msgstore.FolderKind;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;

/**
 * Uses two connection definitions of one adapter with different rights, as two applications would:
 * {@value #SHOP} may open shop-* and send from @shop.example, {@value #BILLING} only billing and
 * billing-* (existing ones) and send from @billing.example. Each call answers what happened as text
 * ("opened x", "submitted", or the refusal's MAPI code and message), so the test sees the refusal
 * the application got at its call.
 */
@Stateless
public class AccessRulesEjb {
  /** Resource-refs, mapped by each server's descriptor to its own resource names. */
  public static final String SHOP = "eis/MsgStoreShop";

  public static final String BILLING = "eis/MsgStoreBilling";

  @Resource(name = SHOP)
  private MessageStoreConnectionFactory shop;

  @Resource(name = BILLING)
  private MessageStoreConnectionFactory billing;

  private MessageStoreConnectionFactory factory(String ref) {
    return switch (ref) {
      case SHOP -> shop;
      case BILLING -> billing;
      default -> throw new IllegalArgumentException(ref);
    };
  }

  /** Opens {@code mailbox}'s Inbox through the definition {@code ref}. */
  public String open(String ref, String mailbox) {
    try (MessageStoreConnection c = factory(ref).getConnection(mailbox)) {
      c.openFolder(FolderKind.INBOX);
      return "opened " + c.mailbox();
    } catch (MapiException e) {
      return e.getMessage();
    }
  }

  /** Submits a message from {@code mailbox} with {@code from} as its From address. */
  public String submit(String ref, String mailbox, String from, String subject) {
    try (MessageStoreConnection c = factory(ref).getConnection(mailbox)) {
      Message m = c.openFolder(FolderKind.OUTBOX).createMessage();
      m.set(PropTag.PR_SUBJECT, subject);
      m.set(PropTag.PR_SENT_REPRESENTING_EMAIL_ADDRESS, from);
      m.addRecipient(RecipientType.TO, "Customer", "SMTP", "customer@example.com");
      m.submit();
      return "submitted";
    } catch (MapiException e) {
      return e.getMessage();
    }
  }
}
