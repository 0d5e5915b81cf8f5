package org.msgstore.transport.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an SMTP server answered, read from a Jakarta Mail exception.
 *
 * <p>The reply code and the refused address live on Angus' {@code SMTPSendFailedException} and
 * {@code SMTPAddressFailedException} ({@code getReturnCode()}, {@code getAddress()}). This
 * transport compiles against the Jakarta Mail API only (the server provides Angus, jca-notes P10),
 * so it reads them by method name; without those methods it falls back to the reply text, which by
 * RFC 5321 §4.2 starts with the three-digit code.
 *
 * @param code the reply code, or {@link #NO_CODE} when the server gave none (I/O error, timeout);
 *     Angus reports a closed connection as -1
 * @param text the server's reply text, trimmed, or the exception message
 * @param address the refused recipient, for a per-RCPT reply; else null
 */
record SmtpReply(int code, String text, InternetAddress address) {
  static final int NO_CODE = 0;
  static final int CONNECTION_CLOSED = -1;

  static SmtpReply of(MessagingException e) {
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().trim();
    Integer code = invoke(e, "getReturnCode", Integer.class);
    return new SmtpReply(
        code != null ? code : leadingCode(text),
        text,
        invoke(e, "getAddress", InternetAddress.class));
  }

  /** The per-recipient replies chained under {@code e} (Angus chains one per refused RCPT). */
  static List<SmtpReply> recipientReplies(MessagingException e) {
    List<SmtpReply> out = new ArrayList<>();
    Exception next = e.getNextException();
    // Bounded: a chain is finite, but a cycle would otherwise loop for ever.
    for (int i = 0; i < 10_000 && next instanceof MessagingException; i++) {
      SmtpReply reply = of((MessagingException) next);
      if (reply.address() != null) {
        out.add(reply);
      }
      next = ((MessagingException) next).getNextException();
    }
    return out;
  }

  boolean transientFailure() {
    return code >= 400 && code < 500;
  }

  boolean permanentFailure() {
    return code >= 500 && code < 600;
  }

  /** Whether the session is gone: the server closed it, said 421, or the socket broke. */
  static boolean sessionGone(MessagingException e) {
    int code = of(e).code();
    if (causedBy(e, RelayLimitException.class)) {
      return false; // the relay misbehaved: another session of it gets no second chance
    }
    return code == CONNECTION_CLOSED
        || code == 421
        || (causedBy(e, IOException.class) && !timedOut(e));
  }

  /** The bound the relay broke ({@link ReplyGuard}), or null. */
  static RelayLimitException brokenLimit(Throwable e) {
    Throwable t = e;
    for (int i = 0; i < 100 && t != null; i++) {
      if (t instanceof RelayLimitException) {
        return (RelayLimitException) t;
      }
      Throwable next = t.getCause();
      if (next == null && t instanceof MessagingException) {
        next = ((MessagingException) t).getNextException();
      }
      t = next;
    }
    return null;
  }

  static boolean timedOut(Throwable e) {
    return causedBy(e, SocketTimeoutException.class);
  }

  /** Walks both chains: {@code getCause()} and Jakarta Mail's {@code getNextException()}. */
  static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    Throwable t = e;
    for (int i = 0; i < 100 && t != null; i++) {
      if (type.isInstance(t)) {
        return true;
      }
      Throwable next = t.getCause();
      if (next == null && t instanceof MessagingException) {
        next = ((MessagingException) t).getNextException();
      }
      t = next;
    }
    return false;
  }

  private static int leadingCode(String text) {
    if (text.length() >= 3 && text.chars().limit(3).allMatch(c -> c >= '0' && c <= '9')) {
      return Integer.parseInt(text.substring(0, 3));
    }
    return NO_CODE;
  }

  private static <T> T invoke(Object target, String method, Class<T> type) {
    try {
      Method m = target.getClass().getMethod(method);
      Object value = m.invoke(target);
      return type.isInstance(value) ? type.cast(value) : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // not an Angus SMTP exception: no such detail
    }
  }
}
