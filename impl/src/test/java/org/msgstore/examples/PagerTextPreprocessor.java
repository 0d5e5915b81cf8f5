package org.msgstore.examples;

import java.util.Set;
import org.msgstore.PropTag;
import org.msgstore.PropType;
import org.msgstore.spi.PreprocessableMessage;
import org.msgstore.spi.Preprocessor;

/**
 * Writes the text a pager shows (sender and subject, at most 40 characters) into the message before
 * {@link PagerTransport} gets it, and removes it once the message was sent.
 */
public final class PagerTextPreprocessor implements Preprocessor {
  /** A property of our own, in the range MAPI leaves to providers (0x6600..0x67FF). */
  public static final PropTag<String> PAGER_TEXT =
      PropTag.of(0x6701, PropType.PT_UNICODE, String.class);

  static final int MAX_LENGTH = 40;

  @Override
  public Set<String> addressTypes() {
    return Set.of("PAGER"); // runs only for messages with a pager recipient
  }

  @Override
  public PreprocessResult preprocess(PreprocessableMessage message) {
    String text = message.mailbox() + ": " + message.get(PropTag.PR_SUBJECT, "");
    if (text.length() > MAX_LENGTH) {
      text = text.substring(0, MAX_LENGTH - 1) + "…";
    }
    message.set(PAGER_TEXT, text);
    return PreprocessResult.unchanged(); // no recipient refused, no extra message
  }

  @Override
  public void removePreprocessInfo(PreprocessableMessage message) {
    message.delete(PAGER_TEXT);
  }
}
