package org.msgstore.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgstore.EntryId;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.SubmitFlags;
import org.msgstore.store.jdbc.RecipientRecord;

/**
 * What the spooler writes on a message it holds before the message ends: recipient verdicts (R52,
 * R56, R73) and the end of its preprocessing (B3, R48). Each refuses a message whose lease was
 * lost.
 */
final class HeldMessageUpdates {
  private final SpoolerScope scope;

  HeldMessageUpdates(SpoolerScope scope) {
    this.scope = scope;
  }

  /**
   * Each verdict becomes {@code PR_RESPONSIBILITY = TRUE} in the same transaction that stores it.
   */
  void recordOutcomes(EntryId entryId, List<RecipientOutcome> outcomes) {
    long now = scope.nowUs();
    MessageStore store = scope.store();
    UnitOfWork.run(
        scope.connection(),
        "recording delivery outcomes of " + entryId,
        c -> {
          long messageId = QueuedMessage.held(scope, c, entryId, now).messageId();
          Map<Integer, RecipientRecord> rows = new LinkedHashMap<>();
          store.recipients().load(c, messageId).forEach(r -> rows.put(r.rowId(), r));
          for (RecipientOutcome o : outcomes) {
            RecipientRecord r = rows.get(o.rowId());
            if (r == null) {
              throw new MapiException(
                  MapiError.MAPI_E_NOT_FOUND,
                  "message " + entryId + " has no recipient row " + o.rowId());
            }
            store
                .recipients()
                .updateOutcome(c, messageId, o.rowId(), true, OutcomeRows.withOutcome(r, o));
          }
          return null;
        });
  }

  /** Clears SUBMITFLAG_PREPROCESS; the message stays locked and keeps its client submit time. */
  void completePreprocessing(HeldMessage held) {
    EntryId entryId = held.entryId();
    long now = scope.nowUs();
    UnitOfWork.run(
        scope.connection(),
        "completing the preprocessing of " + entryId,
        c -> {
          QueuedMessage m = QueuedMessage.held(scope, c, entryId, now);
          scope
              .store()
              .queue()
              .setSubmitFlags(
                  c, m.messageId(), m.queue().submitFlags() & ~SubmitFlags.SUBMITFLAG_PREPROCESS);
          return null;
        });
    held.stored().clearPreprocessView();
    scope.queueChangedAfterCommit(QueueEvent.Kind.TABLE_ROW_MODIFIED, entryId, null);
  }
}
