package org.msgstore.transport.smtp;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.msgstore.Attachment;

/** An attachment over a byte array that counts how often its content was opened. */
final class FakeAttachment implements Attachment {
  private final String fileName;
  private final String mimeType;
  private final byte[] content;
  final AtomicInteger opened = new AtomicInteger();

  FakeAttachment(String fileName, String mimeType, byte[] content) {
    this.fileName = fileName;
    this.mimeType = mimeType;
    this.content = content;
  }

  @Override
  public int number() {
    return 0;
  }

  @Override
  public String fileName() {
    return fileName;
  }

  @Override
  public String mimeType() {
    return mimeType;
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
