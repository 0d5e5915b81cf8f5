package org.msgstore.spooler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.msgstore.Recipient;
import org.msgstore.store.RecipientOutcome;

/**
 * What one hand-off (phase C) learned about a message's open recipients: the final verdicts
 * (delivered or failed), the reason of each deferral a transport gave and the longest delay one
 * asked for (R60), and the rows no transport in service took.
 *
 * @param unclaimed by row id, in row order: declined by every transport that claims its address
 *     type, or claimed by none in service
 * @param heldFor when every deferral was a transport's flow control holding recipients back
 *     (throttled: a rate limit, a relay slowing down), the longest wait it asked for; the message
 *     then only waits its turn, without an attempt counted. Null when some recipient was really
 *     tried and deferred: then the usual back-off applies to all, no shorter than any wait asked.
 */
record Verdicts(
    List<RecipientOutcome> outcomes,
    Map<Integer, Recipient> unclaimed,
    List<String> deferReasons,
    Duration askedDelay,
    Duration heldFor) {

  /** Whether every open recipient got a final verdict: all that is left is the plain finish. */
  boolean allDecided() {
    return deferReasons.isEmpty() && unclaimed.isEmpty();
  }
}
