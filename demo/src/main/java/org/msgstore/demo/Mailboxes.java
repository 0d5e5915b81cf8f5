package org.msgstore.demo;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.msgstore.FolderKind;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;

/**
 * Creates the demo's mailboxes at start (a mailbox is created on first use), so that local
 * deliveries to them work before anyone opened them; a message to a mailbox that does not exist
 * gets a non-delivery report. Knows which mailboxes exist, so that a GET reads only those and never
 * creates one: opening a mailbox creates it, and a GET (an {@code <img>} on any page) must change
 * nothing.
 */
@Singleton
@Startup
public class Mailboxes {
  static final List<String> DEMO_MAILBOXES = List.of("alice", "bob", "shop");

  @Resource(lookup = "java:/eis/MsgStore")
  MessageStoreConnectionFactory factory;

  /** The demo's own and those a submit from the page opened (the demo keeps no data). */
  private final Set<String> existing = ConcurrentHashMap.newKeySet();

  @PostConstruct
  void create() {
    for (String mailbox : DEMO_MAILBOXES) {
      try (MessageStoreConnection store = factory.getConnection(mailbox)) {
        store.openFolder(FolderKind.INBOX);
      }
      existing.add(mailbox);
    }
  }

  /** Whether {@code mailbox} exists, so that reading it creates nothing. */
  @Lock(LockType.READ)
  public boolean exists(String mailbox) {
    return existing.contains(mailbox);
  }

  /** A submit opened {@code mailbox}, which created it. */
  @Lock(LockType.READ)
  public void opened(String mailbox) {
    existing.add(mailbox);
  }
}
