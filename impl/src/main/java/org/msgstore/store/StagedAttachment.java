package org.msgstore.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.msgstore.Attachment;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/**
 * An attachment added but not yet saved. Its content is copied at once (the caller may close its
 * stream right after the call) and streamed from the copy into the store on save. Content up to
 * {@link #IN_MEMORY_LIMIT} is kept in the heap; anything longer goes to a temporary file, so a
 * large attachment never sits in the heap. (Creating, writing and deleting a file for every small
 * attachment cost a submit more than the bytes it saved.)
 */
final class StagedAttachment implements Attachment {
  private final int number;
  private final String fileName;
  private final String mimeType;

  /** Content up to this many bytes is staged in memory, longer content in a temporary file. */
  static final int IN_MEMORY_LIMIT = 64 * 1024;

  private final byte[] inMemory;
  private final Path file;
  private final long size;

  private StagedAttachment(
      int number, String fileName, String mimeType, byte[] inMemory, Path file, long size) {
    this.number = number;
    this.fileName = fileName;
    this.mimeType = mimeType;
    this.inMemory = inMemory;
    this.file = file;
    this.size = size;
  }

  static StagedAttachment copyOf(
      int number, String fileName, String mimeType, InputStream content) {
    if (content == null) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "the content stream of attachment '" + fileName + "' is null");
    }
    Path file = null;
    try {
      byte[] head = content.readNBytes(IN_MEMORY_LIMIT + 1);
      if (head.length <= IN_MEMORY_LIMIT) {
        return new StagedAttachment(number, fileName, mimeType, head, null, head.length);
      }
      file = Files.createTempFile("msgstore-attachment-", ".tmp");
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(head);
        long size = head.length + content.transferTo(out);
        return new StagedAttachment(number, fileName, mimeType, null, file, size);
      }
    } catch (IOException e) {
      deleteQuietly(file);
      throw new MapiException(
          MapiError.MAPI_E_DISK_ERROR,
          "attachment '" + fileName + "' could not be read or staged: " + e.getMessage(),
          e);
    }
  }

  @Override
  public int number() {
    return number;
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
    return size;
  }

  @Override
  public InputStream openStream() {
    if (inMemory != null) {
      return new ByteArrayInputStream(inMemory);
    }
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the content is in a temporary file (it is longer than {@link #IN_MEMORY_LIMIT}). */
  boolean stagedInFile() {
    return file != null;
  }

  /** Removes the temporary file, if any; called after the save or when the message is released. */
  void discard() {
    deleteQuietly(file);
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // A leftover temp file is harmless and the OS cleans the temp folder; never fail the caller
        // for it.
      }
    }
  }
}
