package org.msgstore.store;

import java.time.Instant;

/**
 * What became of one recipient row in a spooler attempt. Delivered and failed rows become {@code
 * PR_RESPONSIBILITY = TRUE} in the transaction that records them, so after a crash only the others
 * are tried again (R52, R73).
 */
public sealed interface RecipientOutcome {
  int rowId();

  record Delivered(int rowId, String transport, Instant at) implements RecipientOutcome {}

  /** A permanent failure: the NDR row carries these codes and text (R55, R56). */
  record Failed(int rowId, String reason, int ndrReasonCode, int ndrDiagCode, Instant at)
      implements RecipientOutcome {}
}
