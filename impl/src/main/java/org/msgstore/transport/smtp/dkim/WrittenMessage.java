package org.msgstore.transport.smtp.dkim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.james.jdkim.api.Headers;

/**
 * The message as Jakarta Mail writes it for DATA, taken apart as a signer needs it: the header
 * fields kept (they are small), the body streamed on to a sink chosen once the headers are known,
 * so a large attachment is never held in memory.
 *
 * <p>Line ends are made CRLF on the way, as the SMTP client does on the wire, so what is hashed is
 * what the receiver gets.
 */
final class WrittenMessage extends OutputStream implements Headers {
  private final ByteArrayOutputStream head = new ByteArrayOutputStream();
  private final Function<List<String>, OutputStream> bodySink;
  private List<String> fields;
  private OutputStream body;
  private int lineLength;
  private int previous = -1;

  /**
   * @param bodySink given the header fields when the blank line after them is written; returns
   *     where the body goes
   */
  WrittenMessage(Function<List<String>, OutputStream> bodySink) {
    this.bodySink = bodySink;
  }

  @Override
  public void write(int b) throws IOException {
    // A bare CR or LF becomes CRLF, as on the wire.
    if (b == '\r') {
      if (previous == '\r') {
        crlf();
      }
    } else if (b == '\n') {
      crlf();
    } else {
      if (previous == '\r') {
        crlf();
      }
      put(b);
    }
    previous = b;
  }

  /** In the body, runs without CR or LF go on in one piece: a large attachment is mostly that. */
  @Override
  public void write(byte[] bytes, int off, int len) throws IOException {
    int end = off + len;
    int i = off;
    while (i < end) {
      if (body != null && previous != '\r') {
        int run = i;
        while (run < end && bytes[run] != '\r' && bytes[run] != '\n') {
          run++;
        }
        if (run > i) {
          body.write(bytes, i, run - i);
          previous = bytes[run - 1];
          i = run;
          continue;
        }
      }
      write(bytes[i++] & 0xff);
    }
  }

  /** Ends the message; with no blank line written, everything so far was headers. */
  @Override
  public void close() throws IOException {
    if (previous == '\r') {
      crlf();
      previous = '\n';
    }
    if (body == null) {
      startBody();
    }
    body.close();
  }

  private void put(int b) throws IOException {
    if (body != null) {
      body.write(b);
    } else {
      head.write(b);
      lineLength++;
    }
  }

  private void crlf() throws IOException {
    if (body != null) {
      body.write('\r');
      body.write('\n');
    } else if (lineLength == 0) {
      startBody(); // the blank line between header and body belongs to neither
    } else {
      head.write('\r');
      head.write('\n');
      lineLength = 0;
    }
  }

  private void startBody() {
    fields = parseFields(head.toString(StandardCharsets.UTF_8));
    body = bodySink.apply(fields);
  }

  /** Each field as written, continuation lines included, without its final CRLF. */
  private static List<String> parseFields(String head) {
    List<String> out = new ArrayList<>();
    for (String line : head.split("\r\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !out.isEmpty()) {
        out.set(out.size() - 1, out.get(out.size() - 1) + "\r\n" + line);
      } else {
        out.add(line);
      }
    }
    return out;
  }

  static String name(String field) {
    int colon = field.indexOf(':');
    return (colon < 0 ? field : field.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
  }

  @Override
  public List<String> getFields() {
    return List.copyOf(fields);
  }

  @Override
  public List<String> getFields(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return fields.stream().filter(f -> name(f).equals(wanted)).toList();
  }
}
