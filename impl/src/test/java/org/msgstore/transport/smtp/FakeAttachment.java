package org.msgstore.transport.smtp;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.msgstore.Attachment;

/** An attachment over a byte array that counts how often its content was opened. */
record FakeAttachment(String fileName, String mimeType, byte[] content, AtomicInteger opened)
    implements Attachment {
  FakeAttachment(String fileName, String mimeType, byte[] content) {
    this(fileName, mimeType, content, new AtomicInteger());
  }

  @Override
  public int number() {
    return 0;
  }

  @Override
  public long size() {
    return content.length;
  }

  @Override
  public InputStream openStream() {
    opened.incrementAndGet();
    return new ByteArrayInputStream(content);
  }
}
