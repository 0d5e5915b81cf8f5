package org.msgstore.demo;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
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
 *
 * <p>The same GreenMail serves the adapter's bounce mailbox over IMAP (user {@value #BOUNCE_USER}
 * on -Dmsgstore.demo.imapPort, 3143; demo.cli's bounceMailbox), and plays a relay that accepts and
 * bounces later: an address marked with {@link #bounceLater} gets its messages accepted with 250,
 * and {@link LateBounces} writes a delivery status notification for each into that mailbox a few
 * seconds later.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class SmtpSink {
  private static final Logger LOG = Logger.getLogger(SmtpSink.class.getName());

  /** The bounce mailbox's user and password (demo.cli's bounceMailbox, loopback only). */
  static final String BOUNCE_USER = "bounces";

  static final String BOUNCE_PASSWORD = "demo-bounces";

  private volatile GreenMail server;
  private volatile GreenMailUser bounceMailbox;
  private volatile String problem;
  private final LateBounces lateBounces = new LateBounces();

  @PostConstruct
  void start() {
    if (!Boolean.parseBoolean(System.getProperty("msgstore.demo.smtpSink", "true"))) {
      problem = "loopback SMTP server off (-Dmsgstore.demo.smtpSink=false)";
      return;
    }
    int port = Integer.getInteger("msgstore.demo.smtpPort", 2525);
    int imapPort = Integer.getInteger("msgstore.demo.imapPort", 3143);
    try {
      GreenMail mail =
          new GreenMail(
              new ServerSetup[] {
                new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)
              });
      mail.start();
      bounceMailbox = mail.setUser(BOUNCE_USER + "@msgstore.local", BOUNCE_USER, BOUNCE_PASSWORD);
      server = mail;
      LOG.info(
          "MsgStore demo: loopback SMTP server listening on 127.0.0.1:"
              + port
              + ", the bounce mailbox on imap://127.0.0.1:"
              + imapPort);
    } catch (RuntimeException e) {
      problem =
          "loopback SMTP/IMAP server did not start on 127.0.0.1:"
              + port
              + "/"
              + imapPort
              + ": "
              + e.getMessage();
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

  /**
   * Marks {@code address} (checked with {@link LateBounces#checked}): what arrives for it from now
   * on is accepted (250) and bounced a few seconds later. Answers what the page shows, or null when
   * the loopback server is off.
   */
  public String bounceLater(String address) {
    GreenMail mail = server;
    if (mail == null) {
      return null;
    }
    String marked = lateBounces.mark(address, mail);
    return "Messages to "
        + marked
        + " from now on are accepted with 250 and bounced "
        + LateBounces.DELAY.toSeconds()
        + " s later: a delivery status notification (5.1.1) goes to the bounce mailbox";
  }

  /** Every second: writes the bounces that are due (a timer, so a request never waits for it). */
  @Schedule(hour = "*", minute = "*", second = "*", persistent = false)
  void writeDueBounces() {
    GreenMail mail = server;
    GreenMailUser bounces = bounceMailbox;
    if (mail != null && bounces != null) {
      lateBounces.writeDue(mail, bounces);
    }
  }

  /** What the server received, oldest first. */
  public Map<String, Object> received() {
    Map<String, Object> result = new LinkedHashMap<>();
    GreenMail mail = server;
    result.put("running", mail != null);
    result.put("address", mail == null ? null : "127.0.0.1:" + mail.getSmtp().getPort());
    result.put("problem", problem);
    result.put("bounceLater", lateBounces.marked());
    result.put("bouncesWritten", lateBounces.written());
    List<Map<String, Object>> messages = new ArrayList<>();
    if (mail != null) {
      // Not what was put into the bounce mailbox: that was never received over SMTP.
      List<MimeMessage> received =
          mail.findReceivedMessages(u -> !BOUNCE_USER.equals(u.getLogin()), m -> true).toList();
      for (MimeMessage m : received) {
        Map<String, Object> row = new LinkedHashMap<>();
        try {
          row.put("subject", m.getSubject());
          row.put("from", join(m.getFrom()));
          row.put("to", join(m.getAllRecipients()));
          row.put("returnPath", header(m, "Return-Path"));
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
