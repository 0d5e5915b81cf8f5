package org.msgstore.transport.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.StringJoiner;
import org.msgstore.InternetHeaders;

/**
 * The Subject header. A subject is folded at its spaces; a word too long for any header line (RFC
 * 5322 allows 998 octets) cannot be, so such a subject goes out as a row of RFC 2047 encoded words
 * instead, one per folded line. The reader's program joins them back into the subject as written:
 * the sender's subject arrives whole, where refusing it at the call would have failed a message
 * that MAPI allows and that other clients send.
 */
final class SubjectHeader {
  private static final String NAME = "Subject";

  /** "Subject: " before the first line, one space of folding before each later one. */
  private static final int FIRST_LINE_USED = NAME.length() + 2;

  /**
   * UTF-8 bytes per encoded word: 39 bytes are 52 characters of Base64, and with the 12 of {@code
   * =?UTF-8?B?...?=} a word of 64 fits a line of 78 even after "Subject: ".
   */
  private static final int BYTES_PER_WORD = 39;

  private SubjectHeader() {}

  static void set(MimeMessage mime, String subject) throws MessagingException {
    try {
      String value =
          fitsFolded(subject)
              ? MimeUtility.encodeText(subject, "UTF-8", null)
              : encodedWords(subject);
      mime.setHeader(NAME, MimeUtility.fold(FIRST_LINE_USED, value));
    } catch (UnsupportedEncodingException e) {
      throw new MessagingException("UTF-8 is not supported", e);
    }
  }

  /**
   * Whether folding at spaces keeps every line within the limit: each word, with the "Subject: " or
   * the space of folding before it, is at most 998 octets. Non-ASCII text is encoded (and then
   * folded) anyway, so only an ASCII word can be too long.
   */
  static boolean fitsFolded(String subject) {
    int word = 0;
    for (int i = 0; i < subject.length(); i++) {
      char c = subject.charAt(i);
      word = c == ' ' || c == '\t' ? 0 : word + 1;
      if (FIRST_LINE_USED + word > InternetHeaders.LINE_LIMIT) {
        return false;
      }
    }
    return true;
  }

  /** The subject as B-encoded words of whole characters, separated by spaces to fold at. */
  static String encodedWords(String subject) {
    StringJoiner words = new StringJoiner(" ");
    ByteArrayOutputStream chunk = new ByteArrayOutputStream(BYTES_PER_WORD);
    for (int i = 0; i < subject.length(); ) {
      int cp = subject.codePointAt(i);
      byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
      if (chunk.size() + bytes.length > BYTES_PER_WORD) {
        words.add(word(chunk.toByteArray()));
        chunk.reset();
      }
      chunk.write(bytes, 0, bytes.length);
      i += Character.charCount(cp);
    }
    if (chunk.size() > 0) {
      words.add(word(chunk.toByteArray()));
    }
    return words.toString();
  }

  private static String word(byte[] utf8) {
    return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(utf8) + "?=";
  }
}
