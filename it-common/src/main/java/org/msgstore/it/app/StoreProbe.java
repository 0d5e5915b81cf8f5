package org.msgstore.it.app;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.msgstore.FolderKind;
import org.msgstore.Message;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.Row;

/**
 * Looks at the store as another client would: every call runs in a new transaction on a fresh
 * connection, so it sees only what other transactions have committed.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class StoreProbe {
  @Resource(name = ResourceRefs.MSGSTORE)
  private MessageStoreConnectionFactory factory;

  /**
   * PR_MESSAGE_FLAGS of each Outbox message of the default mailbox whose subject is {@code
   * subject}, each read through a fresh read-only {@code openEntry}; empty when there is none.
   */
  public List<Integer> outboxFlags(String subject) {
    try (MessageStoreConnection store = factory.getConnection()) {
      return outboxFlags(store, subject);
    }
  }

  /** As {@link #outboxFlags(String)}, in {@code mailbox}. */
  public List<Integer> outboxFlags(String mailbox, String subject) {
    try (MessageStoreConnection store = factory.getConnection(mailbox)) {
      return outboxFlags(store, subject);
    }
  }

  private static List<Integer> outboxFlags(MessageStoreConnection store, String subject) {
    List<Integer> flags = new ArrayList<>();
    for (Row row : store.openFolder(FolderKind.OUTBOX).getContentsTable()) {
      if (Objects.equals(subject, row.get(PropTag.PR_SUBJECT))) {
        try (Message m = store.openEntry(row.entryId())) {
          flags.add(m.get(PropTag.PR_MESSAGE_FLAGS));
        }
      }
    }
    return flags;
  }
}
