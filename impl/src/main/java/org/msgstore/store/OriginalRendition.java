package org.msgstore.store;

/** The original message as an NDR attaches it: an RFC 822 rendition made by the spooler. */
public record OriginalRendition(String fileName, String mimeType, byte[] content) {}
