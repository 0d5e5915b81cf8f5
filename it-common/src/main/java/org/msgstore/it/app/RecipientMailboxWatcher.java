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
            propertyValue = RecipientMailboxWatcher.MAILBOX))
@ResourceAdapter("msgstore.rar")
public class RecipientMailboxWatcher implements NewMailListener {
  public static final String MAILBOX = "mdb-recipient";

  @EJB private NewMailRecorder recorder;

  @Override
  public void onNewMail(NewMailEvent event) {
    recorder.record(MAILBOX, event);
  }
}
