package org.msgstore.transport.local;

import static org.msgstore.config.ConfigProperties.LOCAL_DOMAINS;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.LocalMailboxes;
import org.msgstore.spi.OutboundMessage;
import org.msgstore.spi.OutboundRecipient;
import org.msgstore.spi.TransportContext;
import org.msgstore.spi.TransportProvider;

/**
 * Delivers into the Inboxes of mailboxes of the adapter's own store: address type {@code MSGSTORE}
 * (the address is the mailbox name) and, when {@code localDomains} lists domains, SMTP addresses of
 * those domains. Other SMTP addresses are declined so that the next transport gets them.
 */
public final class LocalMailboxTransport implements TransportProvider {
  /** MAPI_REASON_TRANSFER_IMPOSSIBLE and MAPI_DIAG_MAIL_RECIPIENT_UNKNOWN. */
  private static final int REASON_TRANSFER_IMPOSSIBLE = 1;

  private static final int DIAG_MAIL_RECIPIENT_UNKNOWN = 35;

  private LocalMailboxes mailboxes;
  private Set<String> localDomains = Set.of();

  @Override
  public String id() {
    return "local";
  }

  @Override
  public Set<String> addressTypes() {
    return localDomains.isEmpty()
        ? Set.of(LocalMailboxes.ADDRESS_TYPE)
        : Set.of(LocalMailboxes.ADDRESS_TYPE, "SMTP");
  }

  @Override
  public void start(TransportContext context) {
    mailboxes =
        context
            .localMailboxes()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the local-mailbox transport needs the store's mailboxes"));
    localDomains =
        parseDomains(
            context.settings().getOrDefault(LOCAL_DOMAINS.name(), LOCAL_DOMAINS.defaultValue()));
  }

  /** The comma-separated domains whose SMTP addresses are local mailboxes, in lower case. */
  public static Set<String> parseDomains(String setting) {
    Set<String> domains = new HashSet<>();
    for (String d : setting.split(",")) {
      if (!d.isBlank()) {
        domains.add(d.strip().toLowerCase(Locale.ROOT));
      }
    }
    return Set.copyOf(domains);
  }

  @Override
  public List<DeliveryResult> deliver(OutboundMessage message, List<OutboundRecipient> recipients) {
    if (mailboxes == null) {
      throw new IllegalStateException("deliver() before start()");
    }
    List<DeliveryResult> results = new ArrayList<>(recipients.size());
    for (OutboundRecipient r : recipients) {
      String mailbox = LocalMailboxes.mailboxOf(r.addressType(), r.address(), localDomains);
      if (mailbox == null) {
        results.add(DeliveryResult.declined(r.rowId()));
      } else if (!mailboxes.exists(mailbox)) {
        results.add(
            DeliveryResult.failed(
                r.rowId(),
                "there is no local mailbox '" + mailbox + "'",
                REASON_TRANSFER_IMPOSSIBLE,
                DIAG_MAIL_RECIPIENT_UNKNOWN));
      } else {
        mailboxes.deliverToInbox(message, mailbox);
        results.add(DeliveryResult.delivered(r.rowId()));
      }
    }
    return results;
  }
}
