package org.msgstore.store.jdbc;

/**
 * An outgoing-queue row. A lock is a lease: it holds only while {@code leaseUntilUs} has not
 * passed, so {@link #lockedAt} is the one place that decides whether a message is locked.
 */
public record QueueEntry(
    long messageId,
    long submitSeq,
    long mailboxId,
    long clientSubmitUs,
    int submitFlags,
    long dueUs,
    String lockOwner,
    long leaseUntilUs,
    int attempts,
    String lastError) {

  public boolean lockedAt(long nowUs) {
    return lockOwner != null && leaseUntilUs >= nowUs;
  }

  public boolean lockedBy(String owner, long nowUs) {
    return lockedAt(nowUs) && lockOwner.equals(owner);
  }
}
