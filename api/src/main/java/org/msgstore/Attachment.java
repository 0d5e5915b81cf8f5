package org.msgstore;

import java.io.InputStream;

/**
 * An attachment of a message. Its content is streamed from the store, never held whole in memory.
 */
public interface Attachment {
  /** {@code PR_ATTACH_NUM}: the attachment's number within its message. */
  int number();

  /** {@code PR_ATTACH_LONG_FILENAME}. */
  String fileName();

  /** {@code PR_ATTACH_MIME_TAG}, e.g. {@code application/pdf}. */
  String mimeType();

  /** Size of the content in bytes. */
  long size();

  /**
   * {@code PR_ATTACH_CONTENT_ID} without angle brackets, or null: an inline part, which the HTML
   * body refers to as {@code cid:<id>}.
   */
  default String contentId() {
    return null;
  }

  /** {@code PR_ATTACHMENT_HIDDEN}: not shown in an attachment list (an inline image). */
  default boolean hidden() {
    return false;
  }

  /** A fresh stream over the content; the caller closes it. */
  InputStream openStream();
}
