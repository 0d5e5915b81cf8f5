package org.msgstore.transport.smtp;

import jakarta.mail.Transport;
import java.lang.reflect.Method;
import java.util.Properties;

/**
 * Sets one transaction's envelope sender and DSN parameters on a leased session, through the mail
 * session properties Angus reads at each {@code MAIL} and {@code RCPT} ({@code mail.smtp.from},
 * {@code mail.smtp.dsn.notify}, {@code mail.smtp.dsn.ret}, {@code mail.smtp.mailextension}): this
 * transport compiles against the Jakarta Mail API only (jca-notes P10), so it cannot use Angus'
 * {@code SMTPMessage} setters. Every key is set or removed each time, so nothing of one transaction
 * leaks into the next on the reused session; the lease is held by one thread, which sends right
 * after.
 */
final class EnvelopeProperties {
  static final String FROM = "mail.smtp.from";
  static final String NOTIFY = "mail.smtp.dsn.notify";
  static final String RET = "mail.smtp.dsn.ret";
  static final String MAIL_EXTENSION = "mail.smtp.mailextension";

  private EnvelopeProperties() {}

  /**
   * Prepares {@code lease} for {@code t}. DSN parameters only when {@code t} has them (with {@code
   * bounceAddress}) and the relay offered DSN: Angus checks the latter for NOTIFY and RET, but not
   * for the MAIL extension that carries ENVID.
   *
   * <p>Angus has no setting for ORCPT; it writes the NOTIFY value verbatim after {@code NOTIFY=} on
   * each RCPT, so ORCPT goes after it there. That is right only for a transaction with one
   * recipient, which is why {@link Transaction#orcpt} is null otherwise. Subclassing Angus'
   * transport to write RCPT itself would mean compiling against Angus and loading our own provider
   * class inside the server, which this transport avoids; {@code DsnParametersOverSmtpTest} shows
   * the RCPT line, so an Angus that starts checking the value is noticed.
   */
  static void apply(SessionPool.Lease lease, Transaction t) {
    Properties p = lease.mailProperties();
    set(p, FROM, t.mailFrom());
    boolean dsn = t.dsnNotify() != null && offered(lease.transport(), "DSN");
    set(
        p,
        NOTIFY,
        !dsn ? null : t.orcpt() == null ? t.dsnNotify() : t.dsnNotify() + " ORCPT=" + t.orcpt());
    set(p, RET, dsn ? DsnParameters.RET : null);
    set(p, MAIL_EXTENSION, dsn && t.envid() != null ? "ENVID=" + t.envid() : null);
  }

  /**
   * Whether the connected session's relay offered {@code extension} in its EHLO reply. Angus has
   * {@code supportsExtension(String)} on its SMTP transport, called by name for the reason above; a
   * transport without it is taken as not offering.
   */
  static boolean offered(Transport transport, String extension) {
    try {
      Method m = transport.getClass().getMethod("supportsExtension", String.class);
      return Boolean.TRUE.equals(m.invoke(transport, extension));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  private static void set(Properties p, String key, String value) {
    if (value == null) {
      p.remove(key);
    } else {
      p.setProperty(key, value);
    }
  }
}
