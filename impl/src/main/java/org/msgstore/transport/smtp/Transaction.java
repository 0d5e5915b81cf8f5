package org.msgstore.transport.smtp;

import java.util.ArrayList;
import java.util.List;
import org.msgstore.bounce.BounceOrigin;
import org.msgstore.bounce.BounceToken;
import org.msgstore.spi.OutboundMessage;

/**
 * One SMTP transaction (MAIL, RCPT…, DATA) of a message: its recipients and what its commands carry
 * besides the addresses.
 *
 * @param envelope the recipients of this transaction
 * @param mailFrom the envelope sender, or null for the From address (Jakarta Mail's default)
 * @param dsnNotify the DSN {@code NOTIFY} value ({@link DsnParameters#notify}), or null for no DSN
 *     parameter at all (no {@code bounceAddress})
 * @param envid the DSN {@code ENVID}, xtext, or null for none
 * @param orcpt the DSN {@code ORCPT} of the transaction's one recipient, or null (several
 *     recipients)
 */
record Transaction(
    Envelope envelope, String mailFrom, String dsnNotify, String envid, String orcpt) {

  /**
   * The transactions {@code message} takes. Without {@code bounce}: one for every recipient, as
   * ever, and no DSN parameters: the reports would go to the From address, often a person's, where
   * {@code RET=HDRS} would strip the content from the bounce and {@code NOTIFY=SUCCESS} would add
   * relay success reports, and nothing would match them to the message. With it: one per envelope
   * address, each with its own signed envelope sender (a token names one recipient, so a bounce
   * cannot speak for another), all on the same SMTP session; its ENVID is the same token, which a
   * relay that rewrites the envelope sender still returns in its report. A token that would make
   * the envelope sender longer than SMTP allows (large row ids) leaves that transaction with the
   * bare bounce address and the token in the ENVID only ({@link BounceAddress#sender}).
   */
  static List<Transaction> plan(OutboundMessage message, Envelope envelope, BounceAddress bounce) {
    if (bounce == null) {
      return List.of(new Transaction(envelope, null, null, null, null));
    }
    String notify = DsnParameters.notify(message);
    String messageEnvid = DsnParameters.envid(messageIdText(message.internetMessageId()));
    if (!(message instanceof BounceOrigin origin)) {
      // Not a stored message (no rows to name): the bounce address itself, so a bounce still
      // lands there rather than with the sender, unmatched.
      return List.of(new Transaction(envelope, bounce.bare(), notify, messageEnvid, null));
    }
    List<Transaction> plan = new ArrayList<>();
    for (String key : envelope.keys()) {
      // Two rows with one address share one RCPT (R15); the token names the first of them.
      BounceToken token = origin.tokenFor(envelope.rows(key).get(0).rowId());
      String signed = bounce.sign(token);
      plan.add(
          new Transaction(
              envelope.only(key),
              bounce.sender(signed),
              notify,
              DsnParameters.envid(signed),
              DsnParameters.orcpt(envelope.address(key))));
    }
    return List.copyOf(plan);
  }

  private static String messageIdText(String messageId) {
    if (messageId == null) {
      return null;
    }
    String id = messageId.trim();
    return id.startsWith("<") && id.endsWith(">") ? id.substring(1, id.length() - 1) : id;
  }
}
