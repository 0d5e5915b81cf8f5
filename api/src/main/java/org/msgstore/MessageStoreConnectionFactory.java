package org.msgstore;

import java.io.Serializable;

/**
 * The connection factory an application injects, e.g. {@code @Resource(lookup =
 * "java:/eis/MsgStore") MessageStoreConnectionFactory factory;}.
 */
public interface MessageStoreConnectionFactory
    extends Serializable, jakarta.resource.Referenceable {
  /** A connection to the default mailbox configured on the connection definition. */
  MessageStoreConnection getConnection();

  /** A connection to the named mailbox; the mailbox and its folders are created on first use. */
  MessageStoreConnection getConnection(String mailbox);
}
