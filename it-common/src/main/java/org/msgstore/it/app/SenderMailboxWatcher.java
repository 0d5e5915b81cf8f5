package org.msgstore.it.app;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import org.jboss.ejb3.annotation.ResourceAdapter;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.inflow.NewMailListener;

/**
 * A new-mail MDB on mailbox {@value #MAILBOX}, as an application writes one. WildFly reads the
 * annotation naming the adapter; Payara ignores it (its class is absent there) and takes the
 * adapter from the war's glassfish-ejb-jar.xml.
 */
@MessageDriven(
    activationConfig =
        @ActivationConfigProperty(
            propertyName = "mailbox",
            propertyValue = SenderMailboxWatcher.MAILBOX))
@ResourceAdapter("msgstore.rar")
public class SenderMailboxWatcher implements NewMailListener {
  public static final String MAILBOX = "mdb-sender";

  @EJB private NewMailRecorder recorder;

  @Override
  public void onNewMail(NewMailEvent event) {
    recorder.record(MAILBOX, event);
  }
}
