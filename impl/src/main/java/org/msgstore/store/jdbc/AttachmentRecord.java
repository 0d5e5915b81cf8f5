package org.msgstore.store.jdbc;

/** An attachment row without its content, which is read as a stream on demand. */
public record AttachmentRecord(int number, String fileName, String mimeType, long size) {}
