package org.msgstore.bounce;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the bounce intake reads and how, resolved from the adapter's settings at start: the mailbox
 * (protocol, host, port, user, folder), its password, the poll interval, what happens to a recorded
 * report, and how reports are matched (the bounce address's local part before the token, and the
 * HMAC keys).
 *
 * @param protocol imap, imaps, pop3 or pop3s
 * @param port the port, or -1 for the protocol's default
 * @param folder the IMAP folder (INBOX for POP3)
 * @param processed what happens to a report once it is recorded
 * @param moveTo the folder a recorded report is moved to, for {@link Processed#MOVE}
 * @param localPartPrefix the bounce address's local part and the {@code +} before the token
 * @param keys the HMAC keys, the signing one first
 */
public record IntakeSettings(
    String protocol,
    String host,
    int port,
    String user,
    String password,
    String folder,
    Duration pollInterval,
    Processed processed,
    String moveTo,
    String localPartPrefix,
    List<byte[]> keys) {

  /** What happens to a report in the mailbox once the store committed it. */
  public enum Processed {
    /** IMAP: flagged seen and {@code $MsgStoreProcessed}, left where it is. */
    FLAG,
    /** IMAP: moved to another folder. */
    MOVE,
    /** Deleted (expunged). */
    DELETE
  }

  static final int MIN_KEY_LENGTH = 16;

  public IntakeSettings {
    keys = List.copyOf(keys);
  }

  /** Without the password and the keys: a record's own text would show them. */
  @Override
  public String toString() {
    return mailbox() + " (processed: " + processed + ", poll " + pollInterval + ")";
  }

  /** Whether the mailbox is read over POP3 (polled, deleted or remembered) rather than IMAP. */
  boolean pop3() {
    return protocol.startsWith("pop3");
  }

  /** {@code protocol://user@host:port/folder}, without the password: for logs and the MBean. */
  public String mailbox() {
    return protocol
        + "://"
        + user
        + "@"
        + host
        + (port < 0 ? "" : ":" + port)
        + (pop3() ? "" : "/" + folder);
  }

  /**
   * The settings, or empty when {@code mailbox} is empty (no intake); every problem found is added
   * to {@code problems}, each naming its setting, and then the result is empty too.
   */
  public static Optional<IntakeSettings> resolve(
      String mailbox,
      String password,
      int pollMs,
      String processed,
      String bounceAddress,
      String signingKeys,
      List<String> problems) {
    String url = mailbox.trim();
    if (url.isEmpty()) {
      return Optional.empty();
    }
    int before = problems.size();
    int scheme = url.indexOf("://");
    String protocol = scheme < 0 ? "" : url.substring(0, scheme).toLowerCase(Locale.ROOT);
    if (!List.of("imap", "imaps", "pop3", "pop3s").contains(protocol)) {
      problems.add(
          "bounceMailbox '"
              + url
              + "' is not an imap://, imaps://, pop3:// or pop3s:// URL (e.g."
              + " imaps://bounces@mail.example.com/INBOX)");
      return Optional.empty();
    }
    String rest = url.substring(scheme + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String folder = slash < 0 ? "" : rest.substring(slash + 1).trim();
    int at = authority.lastIndexOf('@');
    String user = at < 0 ? "" : authority.substring(0, at);
    String hostPort = authority.substring(at + 1);
    if (user.isEmpty() || user.contains(":")) {
      problems.add(
          "bounceMailbox '"
              + url
              + "' names no user (or a password in the URL): write user@host, and the password"
              + " in bounceMailboxPassword");
    }
    String host = hostPort;
    int port = -1;
    int colon = hostPort.lastIndexOf(':');
    if (colon >= 0 && !hostPort.endsWith("]")) {
      host = hostPort.substring(0, colon);
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = 0;
      }
      if (port < 1 || port > 65535) {
        problems.add("bounceMailbox '" + url + "' has no valid port (1..65535) after the ':'");
      }
    }
    if (host.isEmpty()) {
      problems.add("bounceMailbox '" + url + "' names no host");
    }
    boolean pop3 = protocol.startsWith("pop3");
    if (pop3 && !folder.isEmpty() && !folder.equalsIgnoreCase("INBOX")) {
      problems.add(
          "bounceMailbox '" + url + "' names folder '" + folder + "'; POP3 has only the INBOX");
    }
    if (folder.isEmpty()) {
      folder = "INBOX";
    }
    String action = processed.trim();
    Processed kind;
    String moveTo = "";
    if (action.equalsIgnoreCase("flag")) {
      kind = Processed.FLAG;
    } else if (action.equalsIgnoreCase("delete")) {
      kind = Processed.DELETE;
    } else if (action.regionMatches(true, 0, "move:", 0, 5) && action.length() > 5) {
      kind = Processed.MOVE;
      moveTo = action.substring(5).trim();
    } else {
      kind = Processed.FLAG;
      problems.add("bounceProcessed '" + action + "' is none of flag, move:FOLDER, delete");
    }
    if (pop3 && kind != Processed.DELETE) {
      problems.add(
          "bounceProcessed '"
              + action
              + "' needs IMAP; a POP3 bounceMailbox can only delete what was recorded: set"
              + " bounceProcessed=delete");
    }
    String address = bounceAddress.trim();
    int addressAt = address.lastIndexOf('@');
    if (addressAt < 1) {
      problems.add(
          "bounceMailbox is set but bounceAddress '"
              + address
              + "' is no address: reports are matched by the token in the bounce address");
    }
    List<byte[]> keys = new ArrayList<>();
    for (String key : signingKeys.split(",")) {
      String k = key.trim();
      if (!k.isEmpty()) {
        keys.add(k.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (keys.isEmpty()) {
      problems.add(
          "bounceMailbox is set but bounceSigningKeys is empty: without the keys no report can be"
              + " verified");
    } else if (keys.stream().anyMatch(k -> k.length < MIN_KEY_LENGTH)) {
      problems.add("bounceSigningKeys has a key shorter than " + MIN_KEY_LENGTH + " characters");
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new IntakeSettings(
            protocol,
            host,
            port,
            user,
            password,
            folder,
            Duration.ofMillis(pollMs),
            kind,
            moveTo,
            address.substring(0, addressAt) + "+",
            keys));
  }
}
