package org.msgstore.it.payara;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.it.app.ResourceRefs;

/** Gets a connection and never closes it: the application bug the leak check must catch. */
@Stateless
public class LeakingEjb {
  @Resource(name = ResourceRefs.MSGSTORE)
  private MessageStoreConnectionFactory factory;

  @SuppressWarnings("resource") // the point of this bean
  public void leak() {
    MessageStoreConnection leaked = factory.getConnection();
    leaked.getStoreProperty(org.msgstore.PropTag.PR_IPM_SENTMAIL_ENTRYID);
  }
}
