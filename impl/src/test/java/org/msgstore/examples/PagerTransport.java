package org.msgstore.examples;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.msgstore.PropTag;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.OutboundMessage;
import org.msgstore.spi.OutboundRecipient;
import org.msgstore.spi.TransportProvider;

/**
 * Sends a short text to pagers: the recipients of address type {@code PAGER}, whose address is a
 * phone number. The text is the one {@link PagerTextPreprocessor} wrote, else the subject.
 */
public final class PagerTransport implements TransportProvider {
  /** PR_NDR_REASON_CODE and PR_NDR_DIAG_CODE of a number that is not one (MAPIDefS.h). */
  static final int MAPI_REASON_TRANSFER_IMPOSSIBLE = 1;

  static final int MAPI_DIAG_MAIL_ADDRESS_INCORRECT = 32;

  /** The paging service; a real one would call its web API. */
  public interface Gateway {
    void page(String number, String text) throws IOException;
  }

  private final Gateway gateway;

  /** What ServiceLoader calls: pages go to the log. */
  public PagerTransport() {
    this(
        (number, text) ->
            System.getLogger(PagerTransport.class.getName())
                .log(System.Logger.Level.INFO, "page to " + number + ": " + text));
  }

  public PagerTransport(Gateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public String id() {
    return "pager";
  }

  @Override
  public Set<String> addressTypes() {
    return Set.of("PAGER");
  }

  @Override
  public List<DeliveryResult> deliver(OutboundMessage message, List<OutboundRecipient> recipients) {
    String text =
        message.get(PagerTextPreprocessor.PAGER_TEXT, message.get(PropTag.PR_SUBJECT, ""));
    List<DeliveryResult> verdicts = new ArrayList<>();
    for (OutboundRecipient r : recipients) {
      if (!r.address().matches("\\+?[0-9]{3,15}")) {
        verdicts.add( // permanent: the sender gets a non-delivery report naming the reason
            DeliveryResult.failed(
                r.rowId(),
                "not a pager number: " + r.address(),
                MAPI_REASON_TRANSFER_IMPOSSIBLE,
                MAPI_DIAG_MAIL_ADDRESS_INCORRECT));
        continue;
      }
      try {
        gateway.page(r.address(), text);
        verdicts.add(DeliveryResult.delivered(r.rowId()));
      } catch (IOException e) { // temporary: the spooler tries again after its back-off
        verdicts.add(DeliveryResult.deferred(r.rowId(), "paging service: " + e.getMessage()));
      }
    }
    return verdicts;
  }
}
