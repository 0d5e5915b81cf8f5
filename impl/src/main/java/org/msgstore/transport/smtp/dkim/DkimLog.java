package org.msgstore.transport.smtp.dkim;

import static org.msgstore.log.LogCode.Severity.INFO;
import static org.msgstore.log.LogCode.Severity.WARNING;

import java.util.List;
import org.msgstore.log.LogCode;

/**
 * The DKIM signer's log catalog (codes 4030 to 4049): every message of this package is one method
 * here. It logs through {@link System.Logger}, as transports do, under the name of {@link
 * DkimSigning}. No line carries key material: keys are named by their file or keystore alias.
 */
final class DkimLog {
  static final LogCode STARTED =
      new LogCode(
          "MSGS4030",
          INFO,
          "DKIM signing is on; the line lists each signing domain with its selector and where its"
              + " key comes from, and what happens to other From domains.",
          "");
  static final LogCode KEY_RELOADED =
      new LogCode(
          "MSGS4031",
          INFO,
          "A DKIM key file changed and was read again; messages sent from now on, also those"
              + " queued before, are signed with the new key.",
          "Make sure the DNS record of the selector holds the new public key.");
  static final LogCode KEY_UNUSABLE =
      new LogCode(
          "MSGS4032",
          WARNING,
          "A DKIM key file can no longer be read, or no longer holds a usable key: messages from"
              + " its domain are deferred (never sent unsigned) until it can.",
          "Restore or replace the key file (write the new file beside it, then move it over the"
              + " old one); the deferred messages are sent at their next attempt.");
  static final LogCode UNSIGNED_DOMAIN =
      new LogCode(
          "MSGS4033",
          WARNING,
          "A From domain has no DKIM key in dkimKeys: its messages are sent unsigned. Said"
              + " once per domain.",
          "Add the domain to dkimKeys, or set dkimRequired=true to refuse such mail.");
  static final LogCode REFUSED_DOMAIN =
      new LogCode(
          "MSGS4034",
          WARNING,
          "A From domain has no DKIM key and dkimRequired is true: its messages are not sent"
              + " and their senders get a non-delivery report. Said once per domain.",
          "Add the domain to dkimKeys if its mail should be sent.");
  static final LogCode SIGNING_FAILED =
      new LogCode(
          "MSGS4035",
          WARNING,
          "A message could not be signed (its content could not be read or written); it is"
              + " deferred and tried again later.",
          "See the cause; a store read failure usually passes by itself.");

  /** Every code of this catalog, for the docs and the catalog test. */
  static final List<LogCode> CODES =
      List.of(STARTED, KEY_RELOADED, KEY_UNUSABLE, UNSIGNED_DOMAIN, REFUSED_DOMAIN, SIGNING_FAILED);

  private static final System.Logger LOG = System.getLogger(DkimSigning.class.getName());

  private DkimLog() {}

  static void started(String domains, boolean required) {
    LOG.log(
        STARTED.severity().systemLevel(),
        STARTED.space("DKIM signing for {0}; other From domains: {1}"),
        domains,
        required ? "refused (dkimRequired=true)" : "sent unsigned");
  }

  static void keyReloaded(String domain, String selector, String source) {
    LOG.log(
        KEY_RELOADED.severity().systemLevel(),
        KEY_RELOADED.space("DKIM key for {0} (selector {1}) read again from {2} after it changed"),
        domain,
        selector,
        source);
  }

  static void keyUnusable(String domain, String problem) {
    LOG.log(
        KEY_UNUSABLE.severity().systemLevel(),
        KEY_UNUSABLE.space("DKIM key for {0} unusable, its messages are deferred: {1}"),
        domain,
        problem);
  }

  static void unsignedDomain(String domain) {
    LOG.log(
        UNSIGNED_DOMAIN.severity().systemLevel(),
        UNSIGNED_DOMAIN.space("no DKIM key for From domain {0}: its messages go out unsigned"),
        domain);
  }

  static void refusedDomain(String domain) {
    LOG.log(
        REFUSED_DOMAIN.severity().systemLevel(),
        REFUSED_DOMAIN.space(
            "no DKIM key for From domain {0} and dkimRequired=true: its messages are refused"),
        domain);
  }

  static void signingFailed(String messageId, Exception e) {
    LOG.log(
        SIGNING_FAILED.severity().systemLevel(),
        SIGNING_FAILED.space("message " + messageId + " could not be signed, deferred"),
        e);
  }
}
