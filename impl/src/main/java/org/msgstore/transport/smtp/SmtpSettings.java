package org.msgstore.transport.smtp;

import static org.msgstore.config.ConfigProperties.SMTP_ALLOW_AUTH_WITHOUT_TLS;
import static org.msgstore.config.ConfigProperties.SMTP_CONNECT_TIMEOUT_MS;
import static org.msgstore.config.ConfigProperties.SMTP_DEFAULT_FROM;
import static org.msgstore.config.ConfigProperties.SMTP_FALLBACK_CREDENTIALS;
import static org.msgstore.config.ConfigProperties.SMTP_FALLBACK_RELAYS;
import static org.msgstore.config.ConfigProperties.SMTP_HELO_NAME;
import static org.msgstore.config.ConfigProperties.SMTP_HOST;
import static org.msgstore.config.ConfigProperties.SMTP_IMPLICIT_TLS;
import static org.msgstore.config.ConfigProperties.SMTP_OAUTH2_TOKEN;
import static org.msgstore.config.ConfigProperties.SMTP_PASSWORD;
import static org.msgstore.config.ConfigProperties.SMTP_PORT;
import static org.msgstore.config.ConfigProperties.SMTP_READ_TIMEOUT_MS;
import static org.msgstore.config.ConfigProperties.SMTP_SEND_TIMEOUT_MS;
import static org.msgstore.config.ConfigProperties.SMTP_SESSIONS;
import static org.msgstore.config.ConfigProperties.SMTP_TRUST_STORE;
import static org.msgstore.config.ConfigProperties.SMTP_TRUST_STORE_PASSWORD;
import static org.msgstore.config.ConfigProperties.SMTP_USER;
import static org.msgstore.config.ConfigProperties.SMTP_WRITE_TIMEOUT_MS;

import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocketFactory;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.config.ConfigProperties;
import org.msgstore.config.Scope;
import org.msgstore.config.Setting;

/**
 * The SMTP transport's typed settings, read from the text the adapter hands every transport. Names,
 * defaults and ranges come from {@link ConfigProperties}; the rules between settings are here, and
 * every problem is collected before failing. Immutable once built.
 */
final class SmtpSettings {
  /** Whether to upgrade the session with STARTTLS. */
  enum StartTls {
    /** Plain SMTP. */
    OFF,
    /** STARTTLS when the server offers it, plain otherwise. */
    ENABLED,
    /** STARTTLS or no session at all: never send credentials or content in clear text. */
    REQUIRED
  }

  /** Every transport setting named smtp*, as {@link ConfigProperties} defines them. */
  static final Set<String> KEYS =
      ConfigProperties.ADAPTER.stream()
          .filter(s -> s.scope() == Scope.TRANSPORT && s.name().startsWith("smtp"))
          .map(Setting::name)
          .collect(Collectors.toUnmodifiableSet());

  final String host;
  final int port;
  final StartTls startTls;
  final boolean implicitTls;
  final String trustStore;
  final boolean allowAuthWithoutTls;

  /** TLS sockets: over the trust store's CAs, or the JVM's default. Never without checks. */
  final SSLSocketFactory tlsSockets;

  final String user;
  final String password;

  /** Where an XOAUTH2 login's token comes from; null for a password login. */
  final SmtpTokenSource tokenSource;

  private final String tokenSetting;
  final int connectTimeoutMs;
  final int readTimeoutMs;
  final int writeTimeoutMs;
  final int sendTimeoutMs;
  final int sessions;
  final String heloName;
  final InternetAddress defaultFrom;

  /** The envelope sender with a bounce token per recipient; null without bounceAddress. */
  final BounceAddress bounce;

  /** The relays after this one, in order; empty on a relay's own copy ({@link #relays}). */
  final List<FallbackRelays.Relay> fallbacks;

  /** The first relay's settings with another relay's address, TLS mode and login. */
  private SmtpSettings(SmtpSettings first, FallbackRelays.Relay relay) {
    host = relay.host();
    port = relay.port();
    implicitTls = relay.implicitTls() != null ? relay.implicitTls() : first.implicitTls;
    if (relay.implicitTls() == null) {
      startTls = first.startTls;
    } else if (relay.implicitTls()) {
      startTls = StartTls.OFF;
    } else {
      // smtp:// speaks plain SMTP first: STARTTLS as configured, and required when the first
      // relay is reached over implicit TLS, which says TLS is wanted.
      startTls =
          first.startTls != StartTls.OFF
              ? first.startTls
              : first.implicitTls ? StartTls.REQUIRED : StartTls.OFF;
    }
    user = relay.user() != null ? relay.user() : first.user;
    password = relay.user() != null ? relay.password() : first.password;
    tokenSource = relay.user() != null ? null : first.tokenSource;
    tokenSetting = relay.user() != null ? null : first.tokenSetting;
    trustStore = first.trustStore;
    allowAuthWithoutTls = first.allowAuthWithoutTls;
    tlsSockets = first.tlsSockets;
    connectTimeoutMs = first.connectTimeoutMs;
    readTimeoutMs = first.readTimeoutMs;
    writeTimeoutMs = first.writeTimeoutMs;
    sendTimeoutMs = first.sendTimeoutMs;
    sessions = first.sessions;
    heloName = first.heloName;
    defaultFrom = first.defaultFrom;
    bounce = first.bounce;
    fallbacks = List.of();
  }

  private SmtpSettings(SmtpSettingsParser p) {
    host = p.string(SMTP_HOST);
    port = p.integer(SMTP_PORT);
    startTls = p.startTls();
    implicitTls = p.flag(SMTP_IMPLICIT_TLS);
    trustStore = p.optional(SMTP_TRUST_STORE);
    allowAuthWithoutTls = p.flag(SMTP_ALLOW_AUTH_WITHOUT_TLS);
    tlsSockets = p.tlsSockets(trustStore, p.optional(SMTP_TRUST_STORE_PASSWORD));
    if (implicitTls && startTls != StartTls.OFF) {
      p.problems.add(
          "smtpImplicitTls=true encrypts from the first byte, so smtpStartTls must be false (it is "
              + startTls.name().toLowerCase(Locale.ROOT)
              + ")");
    }
    user = p.optional(SMTP_USER);
    password = p.optional(SMTP_PASSWORD);
    tokenSetting = p.optional(SMTP_OAUTH2_TOKEN);
    tokenSource = OAuth2Tokens.parse(tokenSetting, p.problems);
    if (tokenSetting != null && user == null) {
      p.problems.add("smtpOAuth2Token is set but smtpUser is not; set the mailbox to log in as");
    }
    if (tokenSetting != null && password != null) {
      p.problems.add(
          "smtpOAuth2Token and smtpPassword are both set; an XOAUTH2 login uses only the token,"
              + " so leave smtpPassword empty");
    }
    connectTimeoutMs = p.integer(SMTP_CONNECT_TIMEOUT_MS);
    readTimeoutMs = p.integer(SMTP_READ_TIMEOUT_MS);
    writeTimeoutMs = p.integer(SMTP_WRITE_TIMEOUT_MS);
    sendTimeoutMs = p.integer(SMTP_SEND_TIMEOUT_MS);
    sessions = p.integer(SMTP_SESSIONS);
    heloName = p.optional(SMTP_HELO_NAME);
    defaultFrom = p.address(SMTP_DEFAULT_FROM);
    bounce = BounceAddress.parse(p);
    fallbacks =
        FallbackRelays.parse(
            p.optional(SMTP_FALLBACK_RELAYS),
            p.optional(SMTP_FALLBACK_CREDENTIALS),
            port,
            p.problems);
    if (host.isBlank()) {
      p.problems.add(
          "smtpHost is blank; give the SMTP server's host name or leave it unset for localhost");
    }
    if (password != null && user == null) {
      p.problems.add(
          "smtpPassword is set but smtpUser is not; set both to authenticate, or neither");
    }
    if (heloName != null
        && (heloName.isBlank() || heloName.chars().anyMatch(Character::isWhitespace))) {
      p.problems.add("smtpHeloName '" + heloName + "' must be one host name without spaces");
    }
  }

  /**
   * Parses and validates {@code settings}.
   *
   * @throws MapiException {@code MAPI_E_INVALID_PARAMETER} naming every problem found
   */
  static SmtpSettings parse(Map<String, String> settings) {
    SmtpSettingsParser parser = new SmtpSettingsParser(settings == null ? Map.of() : settings);
    SmtpSettings parsed = new SmtpSettings(parser);
    if (!parser.problems.isEmpty()) {
      throw new MapiException(
          MapiError.MAPI_E_INVALID_PARAMETER,
          "the SMTP transport has "
              + parser.problems.size()
              + " invalid setting(s): "
              + String.join("; ", parser.problems));
    }
    return parsed;
  }

  /** Setting keys that look like ours but are not: probably typos, worth a warning. */
  static List<String> unknownKeys(Map<String, String> settings) {
    List<String> unknown = new ArrayList<>();
    if (settings != null) {
      for (String key : settings.keySet()) {
        if (key.startsWith("smtp") && !KEYS.contains(key)) {
          unknown.add(key);
        }
      }
    }
    return unknown;
  }

  /**
   * The relays to try for each message, in order: smtpHost's settings first, then each fallback.
   */
  List<SmtpSettings> relays() {
    List<SmtpSettings> all = new ArrayList<>();
    all.add(this);
    for (FallbackRelays.Relay r : fallbacks) {
      all.add(new SmtpSettings(this, r));
    }
    return all;
  }

  boolean authenticates() {
    return user != null;
  }

  /**
   * Whether STARTTLS must succeed before anything else: when asked for, and whenever credentials
   * would otherwise go out in clear (a relay, or an attacker in between, not offering STARTTLS must
   * not get them).
   */
  boolean startTlsRequired() {
    return startTls == StartTls.REQUIRED
        || (startTls == StartTls.ENABLED && authenticates() && !allowAuthWithoutTls);
  }

  /**
   * Why no session may be opened with these settings, or null: a login over a connection that would
   * never be encrypted, unless smtpAllowAuthWithoutTls says so.
   */
  String plainAuthRefusal() {
    if (!authenticates() || allowAuthWithoutTls || implicitTls || startTls != StartTls.OFF) {
      return null;
    }
    return "smtpUser is set but the connection to "
        + host
        + ":"
        + port
        + " would not be encrypted, so the password is not sent: set smtpStartTls=required (port"
        + " 587), or smtpImplicitTls=true (port 465), or, only on a network no one else can read,"
        + " smtpAllowAuthWithoutTls=true";
  }

  /**
   * The Jakarta Mail session properties; every timeout finite, since Angus' defaults are infinite.
   */
  Properties sessionProperties() {
    Properties p = new Properties();
    p.setProperty("mail.transport.protocol", "smtp");
    p.setProperty("mail.smtp.host", host);
    p.setProperty("mail.smtp.port", Integer.toString(port));
    p.setProperty("mail.smtp.connectiontimeout", Integer.toString(connectTimeoutMs));
    p.setProperty("mail.smtp.timeout", Integer.toString(readTimeoutMs));
    p.setProperty("mail.smtp.writetimeout", Integer.toString(writeTimeoutMs));
    // Accepted recipients still get the message when others are refused; the refused ones are
    // reported per recipient from the SendFailedException.
    p.setProperty("mail.smtp.sendpartial", "true");
    // close() must not wait for the 221 of a peer that may be hung; the session is over anyway.
    p.setProperty("mail.smtp.quitwait", "false");
    p.setProperty("mail.smtp.auth", Boolean.toString(authenticates()));
    if (tokenSource != null) {
      // Angus offers XOAUTH2 only when named; then it is the only mechanism tried.
      p.setProperty("mail.smtp.auth.mechanisms", "XOAUTH2");
    }
    if (startTls != StartTls.OFF) {
      p.setProperty("mail.smtp.starttls.enable", "true");
      p.setProperty("mail.smtp.starttls.required", Boolean.toString(startTlsRequired()));
    }
    if (implicitTls) {
      p.setProperty("mail.smtp.ssl.enable", "true");
    }
    // The relay's certificate must name it, whatever Jakarta Mail's default is.
    p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
    if (heloName != null) {
      p.setProperty("mail.smtp.localhost", heloName);
    }
    return p;
  }

  /**
   * The session properties with UTF-8 allowed: addresses in headers and commands are written as
   * UTF-8, for SMTPUTF8. The transport makes sure nothing non-ASCII reaches a relay without it.
   */
  Properties utf8SessionProperties() {
    Properties p = sessionProperties();
    p.setProperty("mail.mime.allowutf8", "true");
    return p;
  }

  /** One line for the start log; the password is masked. */
  @Override
  public String toString() {
    return "SmtpSettings[smtpHost="
        + host
        + ", smtpPort="
        + port
        + ", smtpStartTls="
        + startTls
        + ", smtpImplicitTls="
        + implicitTls
        + ", smtpTrustStore="
        + (trustStore == null ? "" : trustStore)
        + ", smtpAllowAuthWithoutTls="
        + allowAuthWithoutTls
        + ", smtpUser="
        + (user == null ? "" : user)
        + ", smtpPassword="
        + (password == null ? "" : "****")
        + ", smtpOAuth2Token="
        + (tokenSetting == null
            ? ""
            : tokenSetting.startsWith("file:") || tokenSetting.startsWith("provider:")
                ? tokenSetting
                : "****")
        + ", smtpFallbackRelays="
        + fallbacks.stream()
            .map(r -> (Boolean.TRUE.equals(r.implicitTls()) ? "smtps://" : "") + r.name())
            .collect(Collectors.joining(","))
        + ", smtpFallbackCredentials="
        + (fallbacks.stream().anyMatch(r -> r.user() != null) ? "****" : "")
        + ", smtpConnectTimeoutMs="
        + connectTimeoutMs
        + ", smtpReadTimeoutMs="
        + readTimeoutMs
        + ", smtpWriteTimeoutMs="
        + writeTimeoutMs
        + ", smtpSendTimeoutMs="
        + sendTimeoutMs
        + ", smtpSessions="
        + sessions
        + ", smtpHeloName="
        + (heloName == null ? "" : heloName)
        + ", smtpDefaultFrom="
        + (defaultFrom == null ? "" : defaultFrom)
        + ", bounceAddress="
        + (bounce == null ? "" : bounce)
        + "]";
  }
}
