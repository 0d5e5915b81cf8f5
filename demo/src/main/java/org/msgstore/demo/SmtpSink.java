package org.msgstore.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A real SMTP server on loopback (GreenMail), so the demo works with no mail server at hand: the
 * adapter's smtpHost/smtpPort point here by default (demo.cli). Port: -Dmsgstore.demo.smtpPort
 * (2525); -Dmsgstore.demo.smtpSink=false turns it off when a real relay is used.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class SmtpSink {
  private static final Logger LOG = Logger.getLogger(SmtpSink.class.getName());

  private volatile GreenMail server;
  private volatile String problem;

  @PostConstruct
  void start() {
    if (!Boolean.parseBoolean(System.getProperty("msgstore.demo.smtpSink", "true"))) {
      problem = "loopback SMTP server off (-Dmsgstore.demo.smtpSink=false)";
      return;
    }
    int port = Integer.getInteger("msgstore.demo.smtpPort", 2525);
    try {
      GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      mail.start();
      server = mail;
      LOG.info("MsgStore demo: loopback SMTP server listening on 127.0.0.1:" + port);
    } catch (RuntimeException e) {
      problem = "loopback SMTP server did not start on 127.0.0.1:" + port + ": " + e.getMessage();
      LOG.warning(problem);
    }
  }

  @PreDestroy
  void stop() {
    GreenMail mail = server;
    server = null;
    if (mail != null) {
      mail.stop();
    }
  }

  /** What the server received, oldest first. */
  public Map<String, Object> received() {
    Map<String, Object> result = new LinkedHashMap<>();
    GreenMail mail = server;
    result.put("running", mail != null);
    result.put("address", mail == null ? null : "127.0.0.1:" + mail.getSmtp().getPort());
    result.put("problem", problem);
    List<Map<String, Object>> messages = new ArrayList<>();
    if (mail != null) {
      for (MimeMessage m : mail.getReceivedMessages()) {
        Map<String, Object> row = new LinkedHashMap<>();
        try {
          row.put("subject", m.getSubject());
          row.put("from", join(m.getFrom()));
          row.put("to", join(m.getAllRecipients()));
          row.put("messageId", m.getMessageID());
          row.put("contentType", m.getContentType());
          // The headers as received: getReplyTo() would answer the From address when there is none.
          row.put("replyTo", header(m, "Reply-To"));
          row.put("dkimSignature", header(m, "DKIM-Signature"));
        } catch (MessagingException e) {
          row.put("subject", "(unreadable: " + e.getMessage() + ")");
        }
        messages.add(row);
      }
    }
    result.put("messages", messages);
    return result;
  }

  /** All values of one header, unfolded, one per line; "" when it is absent. */
  private static String header(MimeMessage m, String name) throws MessagingException {
    String[] values = m.getHeader(name);
    return values == null
        ? ""
        : String.join(
            "\n", Arrays.stream(values).map(v -> v.replaceAll("\r?\n[ \t]+", " ")).toList());
  }

  private static String join(Address[] addresses) {
    return addresses == null
        ? ""
        : String.join(", ", Arrays.stream(addresses).map(Address::toString).toList());
  }
}
