package org.msgstore.spooler;

import org.msgstore.PropTag;
import org.msgstore.spi.PreprocessableMessage;
import org.msgstore.store.HeldMessage;

/** The spooler's open message as a preprocessor sees it: readable and writable (spec B2). */
final class PreprocessView extends OutboundView implements PreprocessableMessage {
  PreprocessView(HeldMessage held) {
    super(held);
  }

  @Override
  public <T> void set(PropTag<T> tag, T value) {
    message.set(tag, value);
  }

  @Override
  public void delete(PropTag<?> tag) {
    message.delete(tag);
  }
}
