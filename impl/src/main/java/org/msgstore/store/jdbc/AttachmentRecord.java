package org.msgstore.store.jdbc;

/**
 * An attachment row; its content is read as a stream on demand unless it is small enough to have
 * come with the row ({@link AttachmentRepository#list}).
 *
 * @param content the whole content when the listing read it, otherwise null
 */
public record AttachmentRecord(
    int number, String fileName, String mimeType, long size, byte[] content) {

  /** A row without its content. */
  public AttachmentRecord(int number, String fileName, String mimeType, long size) {
    this(number, fileName, mimeType, size, null);
  }
}
