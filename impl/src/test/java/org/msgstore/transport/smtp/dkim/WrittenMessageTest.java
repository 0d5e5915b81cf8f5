package org.msgstore.transport.smtp.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What is hashed is what the SMTP client puts on the wire: header fields with their continuation
 * lines, and a body whose bare CR and LF became CRLF, however the writer cut its writes.
 */
class WrittenMessageTest {
  static final String WRITTEN =
      "From: a@example.com\r\nSubject: one\r\n two\r\nTo: b@example.com\r\n\r\n"
          + "line 1\nline 2\rline 3\r\n\r\n.dot\r\rend";

  private static String body(int chunk) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    AtomicReference<List<String>> fields = new AtomicReference<>();
    WrittenMessage w =
        new WrittenMessage(
            f -> {
              fields.set(f);
              return body;
            });
    byte[] bytes = WRITTEN.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < bytes.length; i += chunk) {
      w.write(bytes, i, Math.min(chunk, bytes.length - i));
    }
    w.close();
    assertEquals(
        List.of("From: a@example.com", "Subject: one\r\n two", "To: b@example.com"), fields.get());
    assertEquals(List.of("Subject: one\r\n two"), w.getFields("SUBJECT"));
    return body.toString(StandardCharsets.US_ASCII);
  }

  @Test
  void the_body_gets_crlf_line_ends_and_the_fields_keep_their_folding_whatever_the_write_sizes()
      throws Exception {
    String expected = "line 1\r\nline 2\r\nline 3\r\n\r\n.dot\r\n\r\nend";
    for (int chunk : new int[] {1, 2, 3, 7, 64, 4096}) {
      assertEquals(expected, body(chunk), "writes of " + chunk + " bytes");
    }
  }
}
