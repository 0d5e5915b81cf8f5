package org.msgstore.spi;

import org.msgstore.PropTag;

/** The message a preprocessor works on: readable like an outbound message, and writable. */
public interface PreprocessableMessage extends OutboundMessage {
  <T> void set(PropTag<T> tag, T value);

  void delete(PropTag<?> tag);
}
