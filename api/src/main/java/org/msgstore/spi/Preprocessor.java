package org.msgstore.spi;

import java.util.List;
import java.util.Set;

/**
 * A preprocessor a transport registers: it runs on a locked message before hand-off, for the
 * recipients whose address type it names, in registration order.
 */
public interface Preprocessor {
  /** Address types it applies to (ASCII case-insensitive); empty means every recipient. */
  Set<String> addressTypes();

  /**
   * Preprocesses {@code message}. It may change the message, return extra messages to send, and
   * name recipients (by {@code PR_ROWID}) that cannot be delivered.
   */
  PreprocessResult preprocess(PreprocessableMessage message) throws Exception;

  /**
   * Removes what preprocessing added, after the message was sent ({@code RemovePreprocessInfo}).
   */
  default void removePreprocessInfo(PreprocessableMessage message) throws Exception {}

  /**
   * What a preprocessor returns: recipients (by {@code PR_ROWID}) that cannot be delivered, with a
   * reason each for the NDR, and extra messages the spooler sends on its own (R49, R50).
   */
  record PreprocessResult(
      List<Integer> undeliverableRowIds, List<String> reasons, List<ExtraMessage> extraMessages) {
    public PreprocessResult {
      undeliverableRowIds = List.copyOf(undeliverableRowIds);
      reasons = List.copyOf(reasons);
      extraMessages = List.copyOf(extraMessages);
    }

    public PreprocessResult(List<Integer> undeliverableRowIds, List<String> reasons) {
      this(undeliverableRowIds, reasons, List.of());
    }

    public static PreprocessResult unchanged() {
      return new PreprocessResult(List.of(), List.of(), List.of());
    }
  }

  /**
   * A message a preprocessor wants sent besides the one it was given: queued by the spooler in the
   * sender's Outbox without a submit() call, never the original itself.
   */
  record ExtraMessage(
      java.util.Map<org.msgstore.PropTag<?>, Object> properties, List<NewRecipient> recipients) {
    public ExtraMessage {
      properties = java.util.Map.copyOf(properties);
      recipients = List.copyOf(recipients);
    }
  }

  /** A recipient of an {@link ExtraMessage}. */
  record NewRecipient(
      org.msgstore.RecipientType type, String displayName, String addressType, String address) {}
}
