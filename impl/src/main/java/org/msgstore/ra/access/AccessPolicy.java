package org.msgstore.ra.access;

import jakarta.resource.spi.ManagedConnectionFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.PropTag;
import org.msgstore.config.ConfigProperties;
import org.msgstore.config.SettingValues;

/**
 * What the users of one connection definition may do: which mailboxes they open ({@code
 * allowedMailboxes}, or the caller's own with {@code mailboxFromCaller}), whether a missing one is
 * created ({@code createMailboxes}), and which senders their messages carry ({@code
 * allowedSenders}). Parsed once from the definition's settings; immutable. Every refusal is a
 * {@code MAPI_E_NO_ACCESS} at the call that names the mailbox or address and the rule, and is
 * logged with its code.
 */
public final class AccessPolicy {
  private final MailboxRule mailboxes;
  private final boolean create;
  private final SenderRule senders;
  private final boolean fromCaller;

  private AccessPolicy(
      MailboxRule mailboxes, boolean create, SenderRule senders, boolean fromCaller) {
    this.mailboxes = mailboxes;
    this.create = create;
    this.senders = senders;
    this.fromCaller = fromCaller;
  }

  /**
   * The policy of a connection definition's settings; each bad entry is added to {@code problems}
   * (naming the setting), and a policy with problems must not be used.
   */
  public static AccessPolicy parse(SettingValues values, List<String> problems) {
    return new AccessPolicy(
        MailboxRule.parse(values.value(ConfigProperties.ALLOWED_MAILBOXES), problems),
        values.value(ConfigProperties.CREATE_MAILBOXES),
        SenderRule.parse(values.value(ConfigProperties.ALLOWED_SENDERS), problems),
        values.value(ConfigProperties.MAILBOX_FROM_CALLER));
  }

  /** Whether getConnection() without a name opens the caller's mailbox (not defaultMailbox). */
  public boolean mailboxFromCaller() {
    return fromCaller;
  }

  /**
   * Logs once what this definition allows: the open-definition warning with the settings that close
   * it, or its rules. {@code definition} tells the administrator which definition it is.
   */
  public void announce(DefinitionName definition) {
    List<String> open = new ArrayList<>();
    List<String> close = new ArrayList<>();
    if (mailboxes.isOpen() && !fromCaller) {
      open.add(
          create ? "any mailbox may be opened, and created" : "any existing mailbox may be opened");
      close.add("allowedMailboxes (or mailboxFromCaller=true)");
    }
    if (mailboxes.isOpen() && !fromCaller && create) {
      close.add("createMailboxes=false");
    }
    if (senders.isOpen()) {
      open.add("messages may carry any sender address");
      close.add("allowedSenders");
    }
    if (open.isEmpty()) {
      AccessLog.definitionRules(definition.besideRules(), toString());
    } else {
      AccessLog.definitionOpen(definition.withSettings(), open, close);
    }
  }

  /**
   * The mailbox a connection opens. {@code requested} is the name asked for, or null for the
   * caller's own (getConnection() without a name under {@code mailboxFromCaller}); {@code subject}
   * is what the server passed for container-managed sign-on.
   */
  public String mailbox(String requested, Subject subject, ManagedConnectionFactory mcf) {
    String mailbox = requested;
    if (fromCaller) {
      StringBuilder why = new StringBuilder();
      String callers = CallerIdentity.name(subject, mcf, why);
      if (callers == null) {
        throw noAccess(AccessLog.noCallerIdentity(why.toString()));
      }
      if (requested != null && !requested.equals(callers)) {
        throw noAccess(AccessLog.notCallersMailbox(requested, callers));
      }
      mailbox = callers;
    }
    if (!mailboxes.allows(mailbox)) {
      throw noAccess(AccessLog.mailboxRefused(mailbox, mailboxes));
    }
    return mailbox;
  }

  /** Called by the store just before it would create {@code mailbox}. */
  public void checkCreate(String mailbox) {
    if (!create) {
      throw noAccess(AccessLog.createRefused(mailbox));
    }
  }

  /**
   * Checks every sender address a message of {@code mailbox} carries, before submit() writes
   * anything.
   */
  public void checkSenders(String mailbox, Map<PropTag<?>, Object> props) {
    if (senders.isOpen()) {
      return;
    }
    for (SenderAddresses.Found found : SenderAddresses.of(props)) {
      if (!senders.allows(found.address())) {
        throw noAccess(AccessLog.senderRefused(mailbox, found.address(), found.where(), senders));
      }
    }
  }

  private static MapiException noAccess(String message) {
    return new MapiException(MapiError.MAPI_E_NO_ACCESS, message);
  }

  @Override
  public String toString() {
    return (fromCaller ? "mailboxFromCaller=true, " : "")
        + mailboxes
        + ", createMailboxes="
        + create
        + ", "
        + senders;
  }
}
