package org.msgstore.inflow;

/**
 * The message listener interface of MsgStore's inbound side: an MDB implementing it, with the
 * activation property {@code mailbox}, receives one event per message delivered into that mailbox.
 */
public interface NewMailListener {
  void onNewMail(NewMailEvent event);
}
