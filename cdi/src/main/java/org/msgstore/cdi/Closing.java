package org.msgstore.cdi;

import java.util.Collection;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.msgstore.MessageStoreConnection;

/** Closes handles on the container's behalf, where a failure can only be logged. */
final class Closing {
  private static final Logger LOG = Logger.getLogger(Closing.class.getName());

  private Closing() {}

  static void all(Collection<MessageStoreConnection> handles) {
    for (MessageStoreConnection handle : handles) {
      try {
        handle.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "closing the handle of mailbox '" + handle.mailbox() + "'", e);
      }
    }
  }
}
