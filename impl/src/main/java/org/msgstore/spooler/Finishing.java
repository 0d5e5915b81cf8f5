package org.msgstore.spooler;

import java.time.Clock;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.msgstore.EntryId;
import org.msgstore.PropTag;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.store.HeldMessage;
import org.msgstore.store.RecipientOutcome;
import org.msgstore.store.SpoolerSession;

/**
 * The one finish of a message every recipient of which has its verdict (C8, C9), and the run
 * commit: the plain finishes of a delivery thread's run commit as one transaction. Events about a
 * finish are reported only once it committed.
 */
final class Finishing {
  private static final Logger LOG = Logger.getLogger(Finishing.class.getName());

  private final SpoolerConnection connection;
  private final SpoolerSession session;
  private final Preprocessing preprocessing;
  private final Clock clock;
  private final MessageDelivery.Events events;
  private final BiConsumer<MessageDelivery.PendingFinish, Throwable> failed;

  /**
   * @param failed what becomes of a message whose finish failed on its own
   */
  Finishing(
      SpoolerConnection connection,
      SpoolerSession session,
      Preprocessing preprocessing,
      Clock clock,
      MessageDelivery.Events events,
      BiConsumer<MessageDelivery.PendingFinish, Throwable> failed) {
    this.connection = connection;
    this.session = session;
    this.preprocessing = preprocessing;
    this.clock = clock;
    this.events = events;
    this.failed = failed;
  }

  /**
   * Commits the plain finishes of several deliveries as one transaction: one write of the store's
   * pages instead of one per message. If that transaction fails (a message's lease lapsed, say),
   * nothing of it is kept and each is finished in a transaction of its own, so one message never
   * holds back the others. Closes every message.
   */
  void finishTogether(List<MessageDelivery.PendingFinish> pending) {
    try {
      if (pending.size() == 1 || !finishedInOneTransaction(pending)) {
        pending.forEach(this::finishAlone);
      }
    } finally {
      pending.forEach(p -> p.message().close());
    }
  }

  /** Whether all of {@code pending} finished in one transaction; on false none of it was kept. */
  private boolean finishedInOneTransaction(List<MessageDelivery.PendingFinish> pending) {
    try {
      connection.inOneTransaction(
          () -> {
            pending.forEach(this::finish);
            return null;
          });
      return true;
    } catch (RuntimeException | Error e) { // an Error too: see MessageDelivery#attempt
      LOG.log(
          Level.FINE,
          e,
          () ->
              "finishing "
                  + pending.size()
                  + " deliveries together failed; finishing each on its own");
      return false;
    }
  }

  private void finishAlone(MessageDelivery.PendingFinish p) {
    try {
      connection.inOneTransaction(
          () -> {
            finish(p);
            return null;
          });
    } catch (RuntimeException | Error e) { // an Error too: see MessageDelivery#attempt
      failed.accept(p, e);
    }
  }

  /**
   * The finish, in the caller's transaction: RemovePreprocessInfo first if the message was
   * preprocessed (R51), then the outcomes, reports, queue removal and disposition. A preprocessed
   * message finishes from its rows as stored, since preprocessing recorded verdicts after it was
   * opened; any other from what it read when it was opened.
   */
  void finish(MessageDelivery.PendingFinish p) {
    HeldMessage m = p.message();
    List<NewMailEvent> reports;
    if (p.preprocessed()) {
      stampProviderSubmitTime(m, p.outcomes());
      session.recordOutcomes(p.id(), p.outcomes());
      preprocessing.removeInfo(p.id(), m);
      reports = session.finishWithReports(p.id(), Rfc822Rendition.of(m.message()));
    } else {
      reports = session.finishDelivered(m, p.outcomes(), () -> Rfc822Rendition.of(m.message()));
    }
    reportsWritten(p.id(), reports);
    connection.afterCommit(() -> events.emit(SpoolerEvent.Kind.FINISHED, p.id(), null));
  }

  /**
   * R65: the time a transport first took the message ({@code PR_PROVIDER_SUBMIT_TIME}) is kept on
   * it; {@code PR_CLIENT_SUBMIT_TIME} stays as the client's.
   */
  void stampProviderSubmitTime(HeldMessage held, List<RecipientOutcome> outcomes) {
    boolean anyDelivered = outcomes.stream().anyMatch(o -> o instanceof RecipientOutcome.Delivered);
    if (anyDelivered && held.message().get(PropTag.PR_PROVIDER_SUBMIT_TIME) == null) {
      held.message().set(PropTag.PR_PROVIDER_SUBMIT_TIME, clock.instant());
      held.message().saveChanges();
    }
  }

  /** Reports each report written, once its transaction committed. */
  void reportsWritten(EntryId id, List<NewMailEvent> reports) {
    for (NewMailEvent r : reports) {
      boolean ndr = r.messageClass().endsWith(".NDR");
      SpoolerEvent.Kind kind = ndr ? SpoolerEvent.Kind.NDR_WRITTEN : SpoolerEvent.Kind.DR_WRITTEN;
      String detail = r.messageClass() + " to " + r.mailbox();
      connection.afterCommit(() -> events.emit(kind, id, detail));
    }
  }
}
