package org.msgstore.demo;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.msgstore.FolderKind;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.cdi.Mailbox;

/**
 * Creates the demo's mailboxes at start (a mailbox is created on first use), so that local
 * deliveries to them work before anyone opened them; a message to a mailbox that does not exist
 * gets a non-delivery report. Knows which mailboxes exist, so that a GET reads only those and never
 * creates one: opening a mailbox creates it, and a GET (an {@code <img>} on any page) must change
 * nothing.
 */
@Singleton
@Startup
// Only declares the resource reference the msgstore-cdi jar looks up first (java:comp/env, shared
// by the whole war): it also makes WildFly start this bean after the adapter bound the factory,
// which a lookup at run time alone would not wait for.
@Resource(
    name = "eis/MsgStore",
    lookup = "java:/eis/MsgStore",
    type = MessageStoreConnectionFactory.class)
public class Mailboxes {

  // Injected by the msgstore-cdi jar: opened on first use, closed by the container when the
  // transaction of create() ends; no connection to open or close here.
  @Inject
  @Mailbox("alice")
  MessageStoreConnection alice;

  @Inject
  @Mailbox("bob")
  MessageStoreConnection bob;

  @Inject
  @Mailbox("shop")
  MessageStoreConnection shop;

  /** The demo's own and those a submit from the page opened (the demo keeps no data). */
  private final Set<String> existing = ConcurrentHashMap.newKeySet();

  @PostConstruct
  @TransactionAttribute(TransactionAttributeType.REQUIRED)
  void create() {
    for (MessageStoreConnection store : List.of(alice, bob, shop)) {
      store.openFolder(FolderKind.INBOX);
      existing.add(store.mailbox());
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
