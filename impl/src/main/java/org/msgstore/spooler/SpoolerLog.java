package org.msgstore.spooler;

import static org.msgstore.log.LogCode.Severity.INFO;
import static org.msgstore.log.LogCode.Severity.SEVERE;
import static org.msgstore.log.LogCode.Severity.WARNING;

import java.util.List;
import java.util.logging.Logger;
import org.msgstore.EntryId;
import org.msgstore.log.LogCode;
import org.msgstore.spi.Preprocessor;
import org.msgstore.store.SpoolerSession;

/**
 * The spooler's log catalog (MSGS3xxx): every message of this package is one method here, which
 * fixes its code, level and text. Each message keeps the logger of the class that logs it, so log
 * configuration by class name still applies.
 */
final class SpoolerLog {
  static final LogCode PLUG_IN_THREW =
      new LogCode(
          "MSGS3001",
          WARNING,
          "A transport or preprocessor threw: a transport's recipients of that message are"
              + " deferred and retried; a failed RemovePreprocessInfo is skipped and the message"
              + " finishes.",
          "See the cause in the named transport or preprocessor.");
  static final LogCode ATTEMPT_FAILED =
      new LogCode(
          "MSGS3002",
          WARNING,
          "A delivery attempt on a message, or a whole spooler round, failed unexpectedly; it is"
              + " retried with back-off or at the next poll.",
          "See the cause if it repeats (database down, a damaged message).");
  static final LogCode LOCKS_NOT_RELEASED =
      new LogCode(
          "MSGS3003",
          WARNING,
          "A message's or this node's spooler locks could not be released; they lapse with their"
              + " lease and another round takes the messages then. A message's lock that could"
              + " not be released because the store did not answer is released as soon as it"
              + " answers again, while this node's lease on it holds.",
          "None usually; check the database if it repeats.");
  static final LogCode TRANSPORT_OUT_OF_SERVICE =
      new LogCode(
          "MSGS3004",
          SEVERE,
          "A transport reported a critical error and is out of service until the adapter"
              + " restarts; its messages wait.",
          "Fix the cause (see the transport's error), then restart the adapter.");
  static final LogCode TRANSPORT_NOT_CLOSED =
      new LogCode(
          "MSGS3005",
          WARNING,
          "A transport did not close cleanly when the spooler stopped (earlier versions logged it as "
              + LOCKS_NOT_RELEASED.id()
              + ").",
          "None usually; see the cause in the named transport.");
  static final LogCode ERROR_AT_DELIVERY =
      new LogCode(
          "MSGS3006",
          SEVERE,
          "An Error (OutOfMemoryError, StackOverflowError, LinkageError, ...) was thrown while one"
              + " message was delivered: that attempt counts as failed, the message is released"
              + " and retried, and given up with an NDR after three such attempts; the spooler"
              + " goes on with the other messages.",
          "See the cause: a transport or preprocessor missing a class (LinkageError), a heap too"
              + " small for the message (OutOfMemoryError), content nested too deeply"
              + " (StackOverflowError). Restart the server if it repeats for every message.");

  static final LogCode NODE_NAME_IN_USE =
      new LogCode(
          "MSGS3007",
          SEVERE,
          "Another live server runs a spooler under this server's node name (its heartbeat in the"
              + " store went on while this one waited): this server's spooler does not run, so the"
              + " two never release or renew each other's leases and send messages twice. Messages"
              + " are still queued here.",
          "Give each server its own nodeName (or jboss.node.name), then restart" + " the adapter.");
  static final LogCode NODE_NAME_TAKEN =
      new LogCode(
          "MSGS3008",
          INFO,
          "The spooler took its node name over from the name's previous, dead incarnation and"
              + " released the leases it held, so its in-flight messages are claimed again at once.",
          "");
  static final LogCode NODE_NAME_LOST =
      new LogCode(
          "MSGS3009",
          SEVERE,
          "Another server took this spooler's node name over after its heartbeat stood still (the"
              + " spooler stalled, or the two servers share a name): this spooler stops, leaving the"
              + " leases under the name to the new holder.",
          "Give each server its own nodeName; restart the adapter once the stall's cause is"
              + " found.");
  static final LogCode NODE_NAME_WAIT =
      new LogCode(
          "MSGS3010",
          INFO,
          "The spooler's node name has a fresh heartbeat from another incarnation: the spooler"
              + " waits until it would be stale, then takes the name over if it stood still (the"
              + " incarnation died a moment ago), or refuses to run ("
              + NODE_NAME_IN_USE.id()
              + ") if it went on.",
          "");

  static final LogCode LIVE_NODES_CHANGED =
      new LogCode(
          "MSGS3040",
          INFO,
          "The number of servers running a spooler on this store changed (from their heartbeats):"
              + " each server's share of a cluster-wide rate limit (smtpRate, smtpRelayRates,"
              + " smtpDomainRates) is now the limit divided by it.",
          "");

  static final LogCode OWED_RELEASES_PAID =
      new LogCode(
          "MSGS3060",
          INFO,
          "The store answered again: the spooler released the messages it held whose release had"
              + " failed while the store did not answer ("
              + LOCKS_NOT_RELEASED.id()
              + "), so they are retried now rather than when their lease lapses. A release is"
              + " written only while this node's lease on the message holds; one the store refused"
              + " (the message finished, or is no longer this node's) is dropped.",
          "");
  static final LogCode OWED_RELEASES_FULL =
      new LogCode(
          "MSGS3061",
          WARNING,
          "More releases were owed at once than the spooler keeps (the database was away while"
              + " very many messages were in flight): this message's lock lapses with its lease"
              + " (spoolerLeaseMs) and it is claimed again then.",
          "None usually; check the database.");
  static final LogCode OWED_RELEASES_LAPSED =
      new LogCode(
          "MSGS3062",
          WARNING,
          "The store stayed unreachable until this node's lease on messages it owed a release"
              + " may have lapsed: the releases are given up (another node may hold the messages"
              + " by now), and the messages are claimed again like any lapsed lease.",
          "Check the database if it repeats.");

  static final LogCode UNCONFIRMED_CLAIM_RELEASED =
      new LogCode(
          "MSGS3063",
          INFO,
          "A claim of due messages failed after it had sent its locks (the store went away before"
              + " it confirmed the commit), so it may have locked messages that nobody delivers: once"
              + " the store answered again, the spooler released this node's locks that claim took,"
              + " if any, while their lease held.",
          "");

  /** Every code of this catalog, for the docs and the catalog test. */
  static final List<LogCode> CODES =
      List.of(
          PLUG_IN_THREW,
          ATTEMPT_FAILED,
          LOCKS_NOT_RELEASED,
          TRANSPORT_OUT_OF_SERVICE,
          TRANSPORT_NOT_CLOSED,
          ERROR_AT_DELIVERY,
          NODE_NAME_IN_USE,
          NODE_NAME_TAKEN,
          NODE_NAME_LOST,
          NODE_NAME_WAIT,
          LIVE_NODES_CHANGED,
          OWED_RELEASES_PAID,
          OWED_RELEASES_FULL,
          OWED_RELEASES_LAPSED,
          UNCONFIRMED_CLAIM_RELEASED);

  private static final Logger SPOOLER = Logger.getLogger(Spooler.class.getName());
  // The delivery's messages keep the logger they had before MessageDelivery was split in parts
  // (HandOff, Preprocessing): an operator's level for it still applies to all of them.
  private static final Logger MESSAGE_DELIVERY = Logger.getLogger(MessageDelivery.class.getName());

  private SpoolerLog() {}

  static void removePreprocessInfoFailed(Preprocessor preprocessor, EntryId id, Throwable e) {
    PLUG_IN_THREW.log(
        MESSAGE_DELIVERY,
        () ->
            PLUG_IN_THREW.space(
                "RemovePreprocessInfo of "
                    + preprocessor.getClass().getName()
                    + " failed on "
                    + id),
        e);
  }

  static void transportThrew(String transport, EntryId id, Throwable e) {
    PLUG_IN_THREW.log(
        MESSAGE_DELIVERY,
        () ->
            PLUG_IN_THREW.space(
                "transport "
                    + transport
                    + " threw on message "
                    + id
                    + "; its recipients are deferred"),
        e);
  }

  static void attemptFailed(EntryId id, Throwable e) {
    ATTEMPT_FAILED.log(
        MESSAGE_DELIVERY,
        () -> ATTEMPT_FAILED.space("attempt on " + id + " failed; it is retried with back-off"),
        e);
  }

  static void errorAtDelivery(EntryId id, Throwable e) {
    ERROR_AT_DELIVERY.log(
        MESSAGE_DELIVERY,
        () ->
            ERROR_AT_DELIVERY.space(
                e.getClass().getName()
                    + " thrown while "
                    + id
                    + " was delivered; the attempt counts as failed"),
        e);
  }

  static void nodeNameInUse(String node, SpoolerSession.NodeIncarnation other) {
    NODE_NAME_IN_USE.log(
        SPOOLER,
        () ->
            NODE_NAME_IN_USE.space(
                "another live server runs a spooler as node '"
                    + node
                    + "' ("
                    + describe(other)
                    + "); this server's spooler does not run: give each server its own"
                    + " nodeName"),
        null);
  }

  static void nodeNameTaken(String node, int released, SpoolerSession.NodeIncarnation previous) {
    if (previous == null && released == 0) {
      return; // a node name used for the first time: nothing to report
    }
    NODE_NAME_TAKEN.log(
        SPOOLER,
        () ->
            NODE_NAME_TAKEN.space(
                "node '"
                    + node
                    + "' took its name over from "
                    + (previous == null ? "a spooler of an earlier version" : describe(previous))
                    + " and released "
                    + released
                    + " of its leases"),
        null);
  }

  static void nodeNameLost(String node) {
    NODE_NAME_LOST.log(
        SPOOLER,
        () ->
            NODE_NAME_LOST.space(
                "node name '" + node + "' was taken over by another server; this spooler stops"),
        null);
  }

  static void nodeNameWait(
      String node, SpoolerSession.NodeIncarnation other, java.time.Duration staleAfter) {
    NODE_NAME_WAIT.log(
        SPOOLER,
        () ->
            NODE_NAME_WAIT.space(
                "node '"
                    + node
                    + "' has a fresh heartbeat from "
                    + describe(other)
                    + "; waiting until it is "
                    + staleAfter.toSeconds()
                    + " s old before taking the name over"),
        null);
  }

  private static String describe(SpoolerSession.NodeIncarnation i) {
    return i == null
        ? "an unknown incarnation"
        : "incarnation "
            + i.id()
            + (i.host() == null ? "" : " on " + i.host())
            + ", started "
            + i.started()
            + ", last heartbeat "
            + i.heartbeat();
  }

  static void roundFailed(Throwable e) {
    ATTEMPT_FAILED.log(
        SPOOLER, () -> ATTEMPT_FAILED.space("spooler round failed; retrying at the next poll"), e);
  }

  /**
   * @param owed whether the release is written once the store answers again ({@link OwedReleases})
   */
  static void messageNotReleased(EntryId id, boolean owed, Throwable e) {
    LOCKS_NOT_RELEASED.log(
        MESSAGE_DELIVERY,
        () ->
            LOCKS_NOT_RELEASED.space(
                "could not release "
                    + id
                    + (owed
                        ? "; it is released as soon as the store answers again"
                        : "; its lease lapses on its own")),
        e);
  }

  static void owedReleasesPaid(String node, int released, int notHeld, int stillOwed) {
    OWED_RELEASES_PAID.log(
        SPOOLER,
        () ->
            OWED_RELEASES_PAID.space(
                "node '"
                    + node
                    + "' released "
                    + released
                    + " message(s) whose release failed while the store did not answer"
                    + (notHeld == 0 ? "" : "; " + notHeld + " no longer held (finished or taken)")
                    + (stillOwed == 0 ? "" : "; " + stillOwed + " still owed")),
        null);
  }

  static void unconfirmedClaimReleased(String node, int released) {
    UNCONFIRMED_CLAIM_RELEASED.log(
        SPOOLER,
        () ->
            UNCONFIRMED_CLAIM_RELEASED.space(
                "node '"
                    + node
                    + "' released "
                    + released
                    + " message(s) locked by a claim whose commit the store did not confirm"),
        null);
  }

  static void owedReleasesFull(String node, EntryId id, int cap) {
    OWED_RELEASES_FULL.log(
        MESSAGE_DELIVERY,
        () ->
            OWED_RELEASES_FULL.space(
                "node '"
                    + node
                    + "' already owes "
                    + cap
                    + " releases; "
                    + id
                    + " stays locked until its lease lapses"),
        null);
  }

  static void owedReleasesLapsed(String node, int lapsed, java.time.Duration lease) {
    OWED_RELEASES_LAPSED.log(
        SPOOLER,
        () ->
            OWED_RELEASES_LAPSED.space(
                "node '"
                    + node
                    + "' gave up "
                    + lapsed
                    + " owed release(s): the store did not answer within the lease ("
                    + lease
                    + "); the messages are claimed again once it lapsed"),
        null);
  }

  static void locksNotReleased(Throwable e) {
    LOCKS_NOT_RELEASED.log(
        SPOOLER,
        () ->
            LOCKS_NOT_RELEASED.space(
                "could not release this node's locks; they lapse with their lease"),
        e);
  }

  static void transportOutOfService(String transport, Throwable e) {
    TRANSPORT_OUT_OF_SERVICE.log(
        MESSAGE_DELIVERY,
        () ->
            TRANSPORT_OUT_OF_SERVICE.space(
                "transport "
                    + transport
                    + " reported a critical error and is out of service until the adapter"
                    + " restarts"),
        e);
  }

  static void transportNotClosed(String transport, Throwable e) {
    TRANSPORT_NOT_CLOSED.log(
        SPOOLER,
        () -> TRANSPORT_NOT_CLOSED.space("transport " + transport + " did not close cleanly"),
        e);
  }

  static void liveNodesChanged(String node, int before, int now) {
    LIVE_NODES_CHANGED.log(
        SPOOLER,
        () ->
            LIVE_NODES_CHANGED.space(
                "node '"
                    + node
                    + "' sees "
                    + now
                    + " live spooler node(s) (was "
                    + before
                    + "): it takes 1/"
                    + now
                    + " of each cluster-wide rate limit"),
        null);
  }
}
