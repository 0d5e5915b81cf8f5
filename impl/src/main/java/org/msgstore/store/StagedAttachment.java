package org.msgstore.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.msgstore.Attachment;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/**
 * An attachment added but not yet saved. Its content is copied to a temporary file at once (the
 * caller may close its stream right after the call) and streamed from there into the store on
 * save, so even a large attachment never sits in the heap.
 */
final class StagedAttachment implements Attachment {
  private final int number;
  private final String fileName;
  private final String mimeType;
  private final Path file;
  private final long size;

  private StagedAttachment(int number, String fileName, String mimeType, Path file, long size) {
    this.number = number;
    this.fileName = fileName;
    this.mimeType = mimeType;
    this.file = file;
    this.size = size;
  }

  static StagedAttachment copyOf(int number, String fileName, String mimeType, InputStream content) {
    if (content == null) {
      throw new MapiException(MapiError.MAPI_E_INVALID_PARAMETER, "the content stream of attachment '" + fileName + "' is null");
    }
    Path file = null;
    try {
      file = Files.createTempFile("msgstore-attachment-", ".tmp");
      long size = Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
      return new StagedAttachment(number, fileName, mimeType, file, size);
    } catch (IOException e) {
      deleteQuietly(file);
      throw new MapiException(
          MapiError.MAPI_E_DISK_ERROR, "attachment '" + fileName + "' could not be read or staged: " + e.getMessage(), e);
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
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the temporary file; called after the save or when the message is released. */
  void discard() {
    deleteQuietly(file);
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // A leftover temp file is harmless and the OS cleans the temp folder; never fail the caller for it.
      }
    }
  }
}
