package org.msgstore.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.spi.OutboundMessage;
import org.msgstore.spi.OutboundRecipient;
import org.msgstore.spi.TransportProvider;

/**
 * Stands in for the SMTP transport (id {@code smtp}, {@code SMTP} addresses) and accepts every
 * recipient. A test overrides {@link #read} to look at each message once and {@link #accepted} to
 * note each recipient; the verdict for a recipient is recorded only after {@link #accepted}
 * returns.
 */
public abstract class AcceptingSmtpTransport implements TransportProvider {
  @Override
  public final String id() {
    return "smtp";
  }

  @Override
  public final Set<String> addressTypes() {
    return Set.of("SMTP");
  }

  @Override
  public final List<DeliveryResult> deliver(
      OutboundMessage message, List<OutboundRecipient> recipients) throws IOException {
    read(message);
    List<DeliveryResult> results = new ArrayList<>();
    for (OutboundRecipient r : recipients) {
      accepted(message, r);
      results.add(DeliveryResult.delivered(r.rowId()));
    }
    return results;
  }

  /** Once per message, before its recipients. */
  protected void read(OutboundMessage message) throws IOException {}

  /** Once per recipient, before it is reported delivered. */
  protected void accepted(OutboundMessage message, OutboundRecipient recipient)
      throws IOException {}
}
