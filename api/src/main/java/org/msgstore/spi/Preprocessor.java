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

  /** Removes what preprocessing added, after the message was sent ({@code RemovePreprocessInfo}). */
  default void removePreprocessInfo(PreprocessableMessage message) throws Exception {}

  /** What a preprocessor returns. */
  record PreprocessResult(List<Integer> undeliverableRowIds, List<String> reasons) {
    public static PreprocessResult unchanged() {
      return new PreprocessResult(List.of(), List.of());
    }
  }
}
