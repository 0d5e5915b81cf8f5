package org.msgstore.store;

/**
 * Runs store work that commits on its own, never as part of a transaction of the calling thread:
 * creating a mailbox is infrastructure, and a caller's rollback must not take it away from a
 * concurrent caller that already uses it. On the store's own database a second connection is enough
 * ({@link #ON_THIS_THREAD}); on the application's datasource every connection the calling thread
 * gets joins its transaction, so the adapter runs such work on another thread.
 */
@FunctionalInterface
public interface OutsideTransaction {
  /** For connections that never join a transaction of the calling thread by themselves. */
  OutsideTransaction ON_THIS_THREAD = Runnable::run;

  /**
   * Runs {@code work} to its end, outside the calling thread's transaction; its unchecked
   * exceptions reach the caller.
   */
  void run(Runnable work);
}
