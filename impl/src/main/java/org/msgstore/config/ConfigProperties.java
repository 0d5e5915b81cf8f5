package org.msgstore.config;

import static org.msgstore.config.Scope.CONNECTION;
import static org.msgstore.config.Scope.SPOOLER;
import static org.msgstore.config.Scope.STORE;
import static org.msgstore.config.Scope.TRANSPORT;

import java.util.ArrayList;
import java.util.List;

/**
 * Every config-property of msgstore.rar, each defined once, in the order ra.xml and the README list
 * them. Adding a setting: define it here, add its one-line getter and setter on {@code
 * AdapterProperties} (or the connection definition; the Connectors specification requires JavaBean
 * properties, and {@code RaXmlTest} fails without them), and read it where it is used. ra.xml and
 * the README's settings table are written from these definitions: {@code ConfigDocsTest} fails
 * until they are rewritten with {@code mvn -o -q -pl impl test -Dtest=ConfigDocsTest
 * -Dmsgstore.writeConfigDocs=true}. The adapter's range check, start line and equality, and the
 * transports' settings, follow by themselves.
 */
public final class ConfigProperties {
  private static final List<Setting<?>> DEFINED = new ArrayList<>();

  public static final Setting<String> DATA_SOURCE =
      define(
          Setting.text(
              STORE,
              "dataSource",
              "",
              "JNDI name of the application's server-managed DataSource to keep the store in"
                  + " (java:jboss/datasources/AppDS on WildFly, jdbc/AppDS on Payara): store and"
                  + " business rows then commit in one local transaction. Its connection"
                  + " definition needs transaction-support NoTransaction. Empty (default): jdbcUrl."
                  + " Set either this or jdbcUrl/jdbcUser/jdbcPassword."));

  public static final Setting<String> JDBC_URL =
      define(
          Setting.text(
              STORE,
              "jdbcUrl",
              "",
              "JDBC URL of the store database. Empty (default): an embedded H2 file database"
                  + " <storeDirectory>/msgstore. An H2 URL gets WRITE_DELAY=0; another WRITE_DELAY"
                  + " is refused. For several servers use PostgreSQL or MariaDB 10.6+."));

  public static final Setting<String> JDBC_USER =
      define(
          Setting.text(
              STORE,
              "jdbcUser",
              "",
              "Database user for jdbcUrl; empty for the embedded database."));

  public static final Setting<String> JDBC_PASSWORD =
      define(
          Setting.text(STORE, "jdbcPassword", "", "Database password for jdbcUser.")
              .confidential());

  public static final Setting<String> STORE_SCHEMA =
      define(
          Setting.text(
              STORE,
              "storeSchema",
              "",
              "Schema (MariaDB: database) of the store's tables, created at start; a lower-case"
                  + " identifier. Empty (default): msgstore with dataSource, the connection's"
                  + " default schema with jdbcUrl."));

  public static final Setting<String> STORE_DIRECTORY =
      define(
          Setting.text(
              STORE,
              "storeDirectory",
              "",
              "Absolute directory for the embedded database. Empty (default):"
                  + " ${jboss.server.data.dir}/msgstore on WildFly,"
                  + " ${com.sun.aas.instanceRoot}/msgstore on Payara, else ${user.home}/.msgstore."));

  public static final Setting<Integer> LOCK_TIMEOUT_MS =
      define(
          Setting.integer(
              STORE,
              "lockTimeoutMs",
              10_000,
              1,
              3_600_000,
              "Milliseconds a store statement waits for a row lock before failing (1..3600000)."));

  public static final Setting<Integer> PRIORITY_HEAD_START_MS =
      define(
          Setting.integer(
              STORE,
              "priorityHeadStartMs",
              3_600_000,
              0,
              86_400_000,
              "How far ahead of the queue an urgent message goes, and a non-urgent one falls behind"
                  + " (PR_PRIORITY, else PR_IMPORTANCE): it overtakes messages submitted up to this"
                  + " many milliseconds before it. 0: plain submit order (0..86400000)."));

  public static final Setting<Boolean> SPOOLER_ENABLED =
      define(
          Setting.flag(
                  SPOOLER,
                  "spoolerEnabled",
                  true,
                  "Whether this server runs the spooler. false: messages are queued (by this or"
                      + " other servers) but this server sends nothing.")
              .shownAs("enabled"));

  public static final Setting<Integer> SPOOLER_THREADS =
      define(
          Setting.integer(
                  SPOOLER,
                  "spoolerThreads",
                  4,
                  1,
                  64,
                  "Messages delivered at once, each on a WorkManager thread with its own store"
                      + " connection (1..64).")
              .shownAs("threads"));

  public static final Setting<Integer> SPOOLER_POLL_INTERVAL_MS =
      define(
          Setting.integer(
                  SPOOLER,
                  "spoolerPollIntervalMs",
                  30_000,
                  100,
                  3_600_000,
                  "Milliseconds between queue polls when no commit woke the spooler: the safety"
                      + " net for lapsed leases and for what other servers queued or deferred."
                      + " Messages submitted on this server to be sent later, and its retries,"
                      + " leave at their due time without waiting for a poll (100..3600000).")
              .shownAs("pollIntervalMs"));

  public static final Setting<Integer> SPOOLER_LEASE_MS =
      define(
          Setting.integer(
                  SPOOLER,
                  "spoolerLeaseMs",
                  300_000,
                  1_000,
                  86_400_000,
                  "Milliseconds a claimed message stays locked to this server without renewal; a"
                      + " crashed server's messages return to the queue after it"
                      + " (1000..86400000).")
              .shownAs("leaseMs"));

  public static final Setting<Integer> SPOOLER_BATCH_SIZE =
      define(
          Setting.integer(
                  SPOOLER,
                  "spoolerBatchSize",
                  20,
                  1,
                  1_000,
                  "Messages claimed per spooler round (1..1000).")
              .shownAs("batchSize"));

  /** With {@link #RETRY_MAX_MS}: Postfix-like, 5 minutes doubling up to 67 minutes. */
  public static final Setting<Integer> RETRY_MIN_MS =
      define(
          Setting.integer(
              SPOOLER,
              "retryMinMs",
              300_000,
              1,
              Integer.MAX_VALUE,
              "First retry delay after a temporary failure (SMTP 4xx, network); doubles per"
                  + " attempt up to retryMaxMs."));

  public static final Setting<Integer> RETRY_MAX_MS =
      define(
          Setting.integer(
              SPOOLER, "retryMaxMs", 4_020_000, 1, Integer.MAX_VALUE, "Longest retry delay."));

  public static final Setting<Long> MAX_QUEUE_LIFETIME_MS =
      define(
          Setting.atLeast(
                  SPOOLER,
                  "maxQueueLifetimeMs",
                  432_000_000L,
                  1_000,
                  "Milliseconds after submit when a message still undelivered gets a"
                      + " non-delivery report (MAPI_DIAG_MAXIMUM_TIME_EXPIRED); default 5 days.")
              .defaultNote("5 days"));

  public static final Setting<String> TRANSPORT_ORDER =
      define(
          Setting.text(
              SPOOLER,
              "transportOrder",
              "local,smtp",
              "Transport ids in the order they are offered recipients, comma-separated;"
                  + " transports not named are not used (available: local, smtp)."));

  public static final Setting<String> NODE_NAME =
      define(
          Setting.text(
                  SPOOLER,
                  "nodeName",
                  "",
                  "This server's name in message leases. Empty (default): jboss.node.name, else"
                      + " host and process id. Unique per live server: a second one started under"
                      + " the same name does not run its spooler.")
              .shownAs("node"));

  public static final Setting<String> SMTP_HOST =
      define(Setting.text(TRANSPORT, "smtpHost", "localhost", "SMTP relay host."));

  public static final Setting<Integer> SMTP_PORT =
      define(Setting.integer(TRANSPORT, "smtpPort", 25, 1, 65535, "SMTP relay port."));

  public static final Setting<String> SMTP_START_TLS =
      define(
          Setting.text(
              TRANSPORT,
              "smtpStartTls",
              "false",
              "STARTTLS: false, true (when offered; required when smtpUser is set, so the"
                  + " password never goes out in clear) or required."));

  public static final Setting<Boolean> SMTP_IMPLICIT_TLS =
      define(
          Setting.flag(
              TRANSPORT,
              "smtpImplicitTls",
              false,
              "TLS from the first byte (SMTPS, RFC 8314; usually port 465) instead of STARTTLS;"
                  + " smtpStartTls must then be false."));

  public static final Setting<String> SMTP_TRUST_STORE =
      define(
          Setting.text(
              TRANSPORT,
              "smtpTrustStore",
              "",
              "Absolute path of a PKCS12 or JKS trust store with the CA certificate(s) the relay's"
                  + " TLS certificate must chain to, for a private CA. Empty (default): the JVM's"
                  + " trusted CAs. The relay's host name is always checked against its"
                  + " certificate."));

  public static final Setting<String> SMTP_TRUST_STORE_PASSWORD =
      define(
          Setting.text(
                  TRANSPORT,
                  "smtpTrustStorePassword",
                  "",
                  "Password of smtpTrustStore; empty if it has none.")
              .confidential());

  public static final Setting<Boolean> SMTP_ALLOW_AUTH_WITHOUT_TLS =
      define(
          Setting.flag(
              TRANSPORT,
              "smtpAllowAuthWithoutTls",
              false,
              "Whether smtpUser/smtpPassword may be sent over a connection without TLS. false"
                  + " (default): with smtpStartTls=false and smtpImplicitTls=false no login is"
                  + " attempted and mail is deferred with a reason naming these settings, and"
                  + " smtpStartTls=true becomes required when logging in. true only on a network no"
                  + " one else can read."));

  public static final Setting<String> SMTP_USER =
      define(Setting.text(TRANSPORT, "smtpUser", "", "SMTP AUTH user; empty: no authentication."));

  public static final Setting<String> SMTP_PASSWORD =
      define(Setting.text(TRANSPORT, "smtpPassword", "", "SMTP AUTH password.").confidential());

  public static final Setting<String> SMTP_OAUTH2_TOKEN =
      define(
          Setting.text(
                  TRANSPORT,
                  "smtpOAuth2Token",
                  "",
                  "XOAUTH2 login as smtpUser, for relays that turned passwords off (Microsoft 365,"
                      + " Gmail): the access token, or file:/absolute/path to read it from at"
                      + " each login (kept current by a token refresher), or provider:ID for an"
                      + " org.msgstore.transport.smtp.SmtpTokenSource in the rar. Replaces"
                      + " smtpPassword. Empty (default): password login.")
              .confidential());

  public static final Setting<String> SMTP_FALLBACK_RELAYS =
      define(
          Setting.text(
              TRANSPORT,
              "smtpFallbackRelays",
              "",
              "Comma-separated relays tried in order, for each message, when smtpHost (and each"
                  + " relay before) gives no session: connection refused or timed out, a 4xx/5xx"
                  + " greeting, TLS or login failing. Each is host:port with the TLS settings of"
                  + " smtpHost, or smtps://host:port for implicit TLS; e.g."
                  + " smtp2.example.com:587,smtps://backup.example.net:465. Empty (default): only"
                  + " smtpHost."));

  public static final Setting<String> SMTP_FALLBACK_CREDENTIALS =
      define(
          Setting.text(
                  TRANSPORT,
                  "smtpFallbackCredentials",
                  "",
                  "Logins for smtpFallbackRelays, comma-separated host:port=user:password (a"
                      + " comma or percent sign in a password written %2C or %25). A relay not"
                      + " listed logs in with smtpUser/smtpPassword, or not at all when smtpUser"
                      + " is empty.")
              .confidential());

  public static final Setting<Integer> SMTP_CONNECT_TIMEOUT_MS =
      define(
          Setting.integer(
              TRANSPORT,
              "smtpConnectTimeoutMs",
              10_000,
              1,
              Integer.MAX_VALUE,
              "Milliseconds to open an SMTP connection."));

  public static final Setting<Integer> SMTP_READ_TIMEOUT_MS =
      define(
          Setting.integer(
              TRANSPORT,
              "smtpReadTimeoutMs",
              30_000,
              1,
              Integer.MAX_VALUE,
              "Milliseconds to wait for an SMTP reply."));

  public static final Setting<Integer> SMTP_WRITE_TIMEOUT_MS =
      define(
          Setting.integer(
              TRANSPORT,
              "smtpWriteTimeoutMs",
              30_000,
              1,
              Integer.MAX_VALUE,
              "Milliseconds to write to the SMTP server."));

  public static final Setting<Integer> SMTP_SEND_TIMEOUT_MS =
      define(
          Setting.integer(
              TRANSPORT,
              "smtpSendTimeoutMs",
              120_000,
              1_000,
              3_600_000,
              "Milliseconds one send (one SMTP transaction) may take from waiting for a session to"
                  + " the relay's last reply, whatever the relay does; then the connection is"
                  + " closed and its recipients are deferred. With bounceAddress each recipient is a"
                  + " transaction of its own, with its own deadline; none starts after the"
                  + " message's first smtpSendTimeoutMs, so a message takes at most about twice"
                  + " this. Keep twice it below spoolerLeaseMs (1000..3600000)."));

  public static final Setting<Integer> SMTP_SESSIONS =
      define(
          Setting.integer(
              TRANSPORT,
              "smtpSessions",
              4,
              1,
              1_000,
              "SMTP sessions open at once per relay on this server; each carries many messages."
                  + " A relay that asks to slow down (421/454) or refuses connections gets fewer"
                  + " for a while (see smtpRate)."));

  public static final Setting<String> SMTP_RATE =
      define(
          Setting.text(
              TRANSPORT,
              "smtpRate",
              "",
              "Messages the SMTP transport hands over per second, minute or hour, all relays and"
                  + " domains together, e.g. 14/s or 30/min: the relay's quota. For the whole"
                  + " cluster: each live server takes an equal share. A message that must wait"
                  + " goes back to the queue until its turn, without counting as an attempt."
                  + " Empty (default): no limit."));

  public static final Setting<String> SMTP_RELAY_RATES =
      define(
          Setting.text(
              TRANSPORT,
              "smtpRelayRates",
              "",
              "Rate limits per relay, comma-separated host:port=rate, the relay named as in"
                  + " smtpHost:smtpPort or smtpFallbackRelays, e.g."
                  + " smtp.example.com:587=14/s,backup.example.net:465=300/min. For the whole"
                  + " cluster, like smtpRate. Empty (default): none."));

  public static final Setting<String> SMTP_DOMAIN_RATES =
      define(
          Setting.text(
              TRANSPORT,
              "smtpDomainRates",
              "",
              "Rate limits per recipient domain, comma-separated domain=rate, e.g."
                  + " gmail.com=20/s,outlook.com=300/min; a domain's subdomains share its entry."
                  + " A message counts once per domain however many of its recipients are there"
                  + " (with bounceAddress: once per recipient, each being a transaction of its own)."
                  + " For the whole cluster, like smtpRate; a domain waiting for its turn holds up"
                  + " no other. Empty (default): none."));

  public static final Setting<String> SMTP_HELO_NAME =
      define(
          Setting.text(
              TRANSPORT, "smtpHeloName", "", "Name sent in HELO/EHLO; empty: the host name."));

  public static final Setting<String> SMTP_DEFAULT_FROM =
      define(
          Setting.text(
              TRANSPORT,
              "smtpDefaultFrom",
              "",
              "From address for messages without a sender address."));

  public static final Setting<String> DKIM_KEYS =
      define(
          Setting.text(
              TRANSPORT,
              "dkimKeys",
              "",
              "DKIM signing (RSA-SHA256, relaxed/relaxed) by From domain: comma-separated"
                  + " domain=selector:key entries, key being the absolute path of a PKCS#8 PEM file"
                  + " or keystore:ALIAS for a key in dkimKeyStore. A From domain uses its own"
                  + " entry, else its nearest parent domain's. A changed key file is read again"
                  + " before the next message. Empty (default): nothing is signed."));

  public static final Setting<String> DKIM_KEY_STORE =
      define(
          Setting.text(
              TRANSPORT,
              "dkimKeyStore",
              "",
              "Absolute path of the PKCS12 (or JKS) keystore holding the keys that dkimKeys"
                  + " names as keystore:ALIAS."));

  public static final Setting<String> DKIM_KEY_STORE_PASSWORD =
      define(
          Setting.text(
                  TRANSPORT,
                  "dkimKeyStorePassword",
                  "",
                  "Password of dkimKeyStore and of the keys in it.")
              .confidential());

  public static final Setting<Boolean> DKIM_REQUIRED =
      define(
          Setting.flag(
              TRANSPORT,
              "dkimRequired",
              false,
              "true: a message whose From domain has no dkimKeys entry is not sent (a"
                  + " non-delivery report names the domain). false (default): it is sent"
                  + " unsigned."));

  public static final Setting<String> LOCAL_DOMAINS =
      define(
          Setting.text(
              TRANSPORT,
              "localDomains",
              "",
              "Comma-separated mail domains whose SMTP addresses are mailboxes of this store"
                  + " (delivered by the local transport)."));

  public static final Setting<String> BOUNCE_ADDRESS =
      define(
          Setting.text(
              TRANSPORT,
              "bounceAddress",
              "",
              "Envelope sender (Return-Path) for SMTP, e.g. bounces@app.example.com: each"
                  + " recipient's transaction uses bounces+<signed token>@app.example.com, so a"
                  + " late bounce names its message and recipient. The From header is unchanged."
                  + " Needs bounceSigningKeys. Also sends the RFC 3461 DSN parameters (NOTIFY,"
                  + " RET=HDRS, ENVID, ORCPT) to a relay offering DSN. Empty (default): the From"
                  + " address and no DSN parameters, as before."));

  public static final Setting<String> BOUNCE_SIGNING_KEYS =
      define(
          Setting.text(
                  TRANSPORT,
                  "bounceSigningKeys",
                  "",
                  "Comma-separated HMAC keys (at least 16 characters each) that sign bounce tokens:"
                      + " the first signs, every one verifies (add a new key first to rotate).")
              .confidential());

  public static final Setting<String> BOUNCE_MAILBOX =
      define(
          Setting.text(
              SPOOLER,
              "bounceMailbox",
              "",
              "The mailbox bounceAddress delivers to, read for delivery reports and complaints:"
                  + " imaps://user@host:993/INBOX, imap://user@host/INBOX (IDLE where the server"
                  + " offers it, else polled), pop3s://user@host:995 or pop3://user@host (polled)."
                  + " Needs bounceAddress and bounceSigningKeys; read by the servers that run the"
                  + " spooler. Empty (default): no bounce intake."));

  public static final Setting<String> BOUNCE_MAILBOX_PASSWORD =
      define(
          Setting.text(SPOOLER, "bounceMailboxPassword", "", "Password of bounceMailbox's user.")
              .confidential());

  public static final Setting<Integer> BOUNCE_MAILBOX_POLL_MS =
      define(
          Setting.integer(
              SPOOLER,
              "bounceMailboxPollMs",
              60_000,
              1_000,
              3_600_000,
              "Milliseconds between reads of bounceMailbox when it offers no IMAP IDLE (POP3"
                  + " always), and the longest an IDLE waits before the mailbox is read again;"
                  + " also the first wait after the mailbox could not be reached, doubled up to"
                  + " ten times that while it stays so (1000..3600000)."));

  public static final Setting<String> BOUNCE_PROCESSED =
      define(
          Setting.text(
              SPOOLER,
              "bounceProcessed",
              "flag",
              "What happens to a report in bounceMailbox once it is recorded in the store: flag"
                  + " (default; IMAP only: marked seen and $MsgStoreProcessed, left in place),"
                  + " move:FOLDER (IMAP only: moved to that existing folder), or delete. Reports"
                  + " that match no message stay untouched (IMAP: marked $MsgStoreUnmatched)."));

  public static final Setting<Integer> SUPPRESSION_EXPIRY_DAYS =
      define(
          Setting.integer(
              SPOOLER,
              "suppressionExpiryDays",
              0,
              0,
              36_500,
              "Days an address stays on the suppression list after a hard bounce or a complaint"
                  + " put it there; expired entries are purged. 0 (default): until an"
                  + " administrator removes it (0..36500)."));

  public static final Setting<String> DEFAULT_MAILBOX =
      define(
          Setting.text(
              CONNECTION,
              "defaultMailbox",
              "default",
              "Mailbox of MessageStoreConnectionFactory.getConnection() without a name (1..255"
                  + " characters, no control characters)."));

  public static final Setting<String> ALLOWED_MAILBOXES =
      define(
          Setting.text(
              CONNECTION,
              "allowedMailboxes",
              "",
              "Comma-separated mailboxes this connection definition may open: names (orders) or"
                  + " patterns where * stands for any characters (shop-*). Any other mailbox is"
                  + " refused with MAPI_E_NO_ACCESS. Empty (default): every mailbox, and a"
                  + " start-up warning says the definition is open."));

  public static final Setting<Boolean> CREATE_MAILBOXES =
      define(
          Setting.flag(
              CONNECTION,
              "createMailboxes",
              true,
              "true (default): opening a mailbox that does not exist creates it (within"
                  + " allowedMailboxes). false: only existing mailboxes open; another is refused"
                  + " with MAPI_E_NO_ACCESS."));

  public static final Setting<String> ALLOWED_SENDERS =
      define(
          Setting.text(
              CONNECTION,
              "allowedSenders",
              "",
              "Comma-separated sender addresses the messages of this connection definition may"
                  + " carry in PR_SENDER_EMAIL_ADDRESS and PR_SENT_REPRESENTING_EMAIL_ADDRESS (the"
                  + " From and Sender headers) and in Resent-From/Resent-Sender headers: addresses"
                  + " (orders@shop.example), domains (@shop.example) or patterns with *"
                  + " (*@*.shop.example); case does not matter. Another sender is refused at"
                  + " submit() with MAPI_E_NO_ACCESS. A message without a sender goes"
                  + " out from smtpDefaultFrom. Empty (default): any sender, and the start-up"
                  + " warning."));

  public static final Setting<Boolean> MAILBOX_FROM_CALLER =
      define(
          Setting.flag(
              CONNECTION,
              "mailboxFromCaller",
              false,
              "true: getConnection() opens the caller's own mailbox, named by the container-managed"
                  + " sign-on: the user name of the PasswordCredential in the Subject the server"
                  + " passes (WildFly: elytron-enabled with an authentication-context; Payara: a"
                  + " security map), else its one principal; getConnection(name) opens only that"
                  + " mailbox, and no identity is refused with MAPI_E_NO_ACCESS."
                  + " allowedMailboxes still applies. false (default): defaultMailbox."));

  /** Every setting, in definition order. */
  public static final List<Setting<?>> ALL = List.copyOf(DEFINED);

  /** The resource adapter's settings. */
  public static final List<Setting<?>> ADAPTER =
      ALL.stream().filter(s -> s.scope() != CONNECTION).toList();

  /** A connection definition's settings. */
  public static final List<Setting<?>> CONNECTION_DEFINITION =
      ALL.stream().filter(s -> s.scope() == CONNECTION).toList();

  private ConfigProperties() {}

  private static <T> Setting<T> define(Setting<T> setting) {
    if (DEFINED.stream().anyMatch(s -> s.name().equals(setting.name()))) {
      throw new IllegalStateException(setting.name() + " is defined twice");
    }
    DEFINED.add(setting);
    return setting;
  }
}
