package org.msgstore.bench;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;

/**
 * The two kinds of message of the priority measurement ({@link Priority}): the bulk, many messages
 * per transaction and no business row (it prepares the measurement), and the probes, each a unit of
 * work like {@link Work#msgstore} (business row, commit stamp) with a PR_PRIORITY of its own.
 */
@Stateless
public class PriorityWork {
  static final String BULK_MAILBOX = "bench-bulk";

  @Resource(lookup = "java:/eis/MsgStore")
  MessageStoreConnectionFactory store;

  @Resource TransactionSynchronizationRegistry transactions;

  @EJB BusinessRows rows;

  /**
   * Bulk messages {@code firstN} .. {@code firstN + count - 1} of mailbox {@code bench-bulk} at
   * {@code priority}, none sent before {@code due}, in one transaction.
   */
  public void bulk(long firstN, int count, Instant due, int priority) {
    try (MessageStoreConnection c = store.getConnection(BULK_MAILBOX)) {
      for (int i = 0; i < count; i++) {
        Work.submit(c, Payload.subject(firstN + i), due, priority);
      }
    }
  }

  /** Probe {@code n} at {@code priority}, due now; its commit is stamped for its latency. */
  public void probe(long n, int priority) {
    String subject = Payload.subject(n);
    if (AppDataSource.MSGSTORE_USES_IT) {
      rows.insertThroughAppDataSource("msgstore", subject);
    } else {
      rows.insert("msgstore", subject);
    }
    Latencies.trackCommit(transactions, n);
    try (MessageStoreConnection c = store.getConnection("bench")) {
      Work.submit(c, subject, null, priority);
    }
  }
}
