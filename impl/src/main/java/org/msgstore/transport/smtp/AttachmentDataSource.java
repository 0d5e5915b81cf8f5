package org.msgstore.transport.smtp;

import jakarta.activation.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.msgstore.Attachment;

/**
 * Lets Jakarta Mail read an attachment straight from the store while it writes the DATA, so a large
 * attachment is streamed, never held in the heap. Each {@link #getInputStream()} opens a fresh
 * stream; Jakarta Mail closes it.
 */
final class AttachmentDataSource implements DataSource {
  private static final String FALLBACK_TYPE = "application/octet-stream";

  private final Attachment attachment;

  AttachmentDataSource(Attachment attachment) {
    this.attachment = attachment;
  }

  /**
   * The store reports a read failure as an unchecked {@code MapiException}; as an IOException it
   * makes Jakarta Mail abort the DATA and drop the session, so no truncated message is delivered,
   * and the recipients are deferred rather than the spooler seeing a throw.
   */
  @Override
  public InputStream getInputStream() throws IOException {
    try {
      return attachment.openStream();
    } catch (RuntimeException e) {
      throw new IOException(
          "cannot read attachment " + attachment.number() + " (" + getName() + ") from the store",
          e);
    }
  }

  /** The DataSource contract's answer for a source that cannot be written: an IOException. */
  @Override
  public OutputStream getOutputStream() throws java.io.IOException {
    throw new java.io.IOException("an attachment being sent is read-only");
  }

  @Override
  public String getContentType() {
    String type = attachment.mimeType();
    return type == null || type.isBlank() ? FALLBACK_TYPE : type;
  }

  @Override
  public String getName() {
    String name = attachment.fileName();
    return name == null || name.isBlank() ? "attachment-" + attachment.number() : name;
  }
}
