package org.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.msgstore.MapiError;
import org.msgstore.MapiException;

/** Staging of an added attachment: small content in memory, longer content in a temporary file. */
class StagedAttachmentTest {
  private static final int LIMIT = StagedAttachment.IN_MEMORY_LIMIT;

  @Test
  void content_up_to_the_limit_is_staged_in_memory_and_reads_back_unchanged_any_number_of_times()
      throws Exception {
    byte[] content = bytes(LIMIT);
    StagedAttachment a =
        StagedAttachment.copyOf(
            1, "a.bin", "application/octet-stream", new ByteArrayInputStream(content));
    assertFalse(a.stagedInFile());
    assertEquals(LIMIT, a.size());
    assertArrayEquals(content, read(a));
    assertArrayEquals(content, read(a), "a save may read the content again (retry, copy)");
    a.discard();
  }

  @Test
  void content_one_byte_over_the_limit_is_staged_in_a_file_whole_and_discard_removes_it()
      throws Exception {
    byte[] content = bytes(LIMIT + 1);
    StagedAttachment a =
        StagedAttachment.copyOf(
            1, "a.bin", "application/octet-stream", new ByteArrayInputStream(content));
    assertTrue(a.stagedInFile());
    assertEquals(LIMIT + 1, a.size());
    assertArrayEquals(content, read(a));
    a.discard();
    assertThrows(java.io.UncheckedIOException.class, a::openStream, "the temporary file is gone");
  }

  /** Also checks that the partly written temporary file is not left behind. */
  @Test
  void
      a_stream_that_fails_while_being_read_is_refused_at_the_call_with_MAPI_E_DISK_ERROR_naming_the_attachment()
          throws IOException {
    InputStream failing =
        new InputStream() {
          private int left = LIMIT + 10;

          @Override
          public int read() throws IOException {
            if (left-- <= 0) {
              throw new IOException("connection reset");
            }
            return 7;
          }
        };
    java.util.Set<java.nio.file.Path> before = stagingFiles();
    MapiException e =
        assertThrows(
            MapiException.class,
            () -> StagedAttachment.copyOf(1, "scan.pdf", "application/pdf", failing));
    assertEquals(before, stagingFiles(), "no temporary file left behind");
    assertEquals(MapiError.MAPI_E_DISK_ERROR, e.error());
    assertTrue(
        e.getMessage().contains("scan.pdf") && e.getMessage().contains("connection reset"),
        e.getMessage());
  }

  private static java.util.Set<java.nio.file.Path> stagingFiles() throws IOException {
    try (var files =
        java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("msgstore-attachment-"))
          .collect(java.util.stream.Collectors.toSet());
    }
  }

  private static byte[] read(StagedAttachment a) throws IOException {
    try (InputStream in = a.openStream()) {
      return in.readAllBytes();
    }
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }
}
