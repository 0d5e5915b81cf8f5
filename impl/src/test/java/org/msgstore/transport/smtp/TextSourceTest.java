package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A text body given as {@link TextSource} is written exactly as Jakarta Mail writes the same text
 * given as a String: headers, transfer encoding and content, byte for byte.
 */
class TextSourceTest {
  /** Jakarta Mail's defaults, and the transport's session, which allows UTF-8 in headers. */
  private static final java.util.List<Session> SESSIONS =
      java.util.List.of(Session.getInstance(new Properties()), utf8Session());

  private static Session utf8Session() {
    Properties p = new Properties();
    p.setProperty("mail.mime.allowutf8", "true");
    return Session.getInstance(p);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Thank you for your order.",
        "two lines\nwith a bare LF\r\nand a CRLF\rand a bare CR",
        "trailing spaces   \nand a tab\t",
        "Grüße aus Köln, mostly ASCII with a few 8-bit letters",
        "Здравствуйте! Ваш заказ отправлен. 注文ありがとうございます",
        "\uD83D\uDE00 an emoji and a lone \uD800 surrogate",
        ".\n.. lines starting with dots\n.",
      })
  void a_plain_text_body_is_written_as_setText_writes_it(String text) throws Exception {
    assertEquals(written(text, "plain", true), written(text, "plain", false));
  }

  @ParameterizedTest
  @ValueSource(ints = {998, 999, 5000})
  void a_long_line_gets_the_same_transfer_encoding(int length) throws Exception {
    String text = "x".repeat(length) + "\nshort";
    String viaString = written(text, "plain", true);
    assertEquals(viaString, written(text, "plain", false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"<p>Hello</p>", "<p>Grüße, <b>Köln</b></p>\n<p>second</p>"})
  void an_html_body_is_written_as_setText_writes_it(String html) throws Exception {
    assertEquals(written(html, "html", true), written(html, "html", false));
  }

  private static String written(String text, String subtype, boolean asString)
      throws MessagingException, IOException {
    StringBuilder all = new StringBuilder();
    for (Session session : SESSIONS) {
      all.append(written(session, text, subtype, asString)).append("\n--\n");
    }
    return all.toString();
  }

  private static String written(Session session, String text, String subtype, boolean asString)
      throws MessagingException, IOException {
    MimeMessage m = new FixedIdMimeMessage(session, "<fixed@example.com>");
    if (asString) {
      m.setText(text, "UTF-8", subtype);
    } else {
      m.setDataHandler(new DataHandler(new TextSource(text, subtype)));
    }
    m.saveChanges();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    m.writeTo(out);
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
