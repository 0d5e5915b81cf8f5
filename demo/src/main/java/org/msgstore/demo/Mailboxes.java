package org.msgstore.demo;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.List;
import org.msgstore.FolderKind;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;

/**
 * Creates the demo's mailboxes at start (a mailbox is created on first use), so that local
 * deliveries to them work before anyone opened them; a message to a mailbox that does not exist
 * gets a non-delivery report.
 */
@Singleton
@Startup
public class Mailboxes {
  static final List<String> DEMO_MAILBOXES = List.of("alice", "bob", "shop");

  @Resource(lookup = "java:/eis/MsgStore")
  MessageStoreConnectionFactory factory;

  @PostConstruct
  void create() {
    for (String mailbox : DEMO_MAILBOXES) {
      try (MessageStoreConnection store = factory.getConnection(mailbox)) {
        store.openFolder(FolderKind.INBOX);
      }
    }
  }
}
