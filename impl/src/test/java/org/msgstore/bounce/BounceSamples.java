package org.msgstore.bounce;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The report samples of {@code src/test/resources/bounce} made into reports for real messages: the
 * sample's made-up token replaced by one signed for real row ids, and its addresses by the test's.
 */
public final class BounceSamples {
  /** The made-up token in postfix-user-unknown.eml. */
  public static final String POSTFIX_TOKEN = "m1-2s-0-abcdefghijklmnop";

  private BounceSamples() {}

  /** The sample's text. */
  public static String text(String name) {
    try (InputStream in = BounceSamples.class.getResourceAsStream("/bounce/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Postfix's "user unknown" for {@code recipient}, sent back to the bounce address with {@code
   * token} signed by {@code key} (or, with a null key, the text {@code token} as it is).
   */
  public static String postfixUserUnknown(String recipient, BounceToken token, byte[] key) {
    return text("postfix-user-unknown.eml")
        .replace(POSTFIX_TOKEN, key == null ? "m1-2s-0-abcdefghijklmnop" : token.sign(key))
        .replace("bob@dest.example", recipient);
  }

  /** The same, saying the relay is still trying ({@code action=delayed}, 4.4.1). */
  public static String postfixDelayed(String recipient, BounceToken token, byte[] key) {
    return postfixUserUnknown(recipient, token, key)
        .replace("Action: failed", "Action: delayed")
        .replace("Status: 5.1.1", "Status: 4.4.1")
        .replace(
            "smtp; 550 5.1.1 <"
                + recipient
                + ">: Recipient address\n    rejected: User unknown in"
                + " virtual mailbox table",
            "X-Postfix; connect to mx.dest.example[192.0.2.25]:25: Connection timed out");
  }

  public static MimeMessage mime(String text) {
    try {
      return new MimeMessage(
          Session.getInstance(new Properties()),
          new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
