package org.msgstore.cdi;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.enterprise.inject.spi.BeanManager;
import org.jboss.ejb3.annotation.ResourceAdapter;
import org.msgstore.inflow.NewMailEvent;
import org.msgstore.inflow.NewMailListener;

/**
 * The one new-mail MDB an application gets by adding the msgstore-cdi {@code events} jar: it
 * listens to every mailbox ({@code mailbox = "*"}) and hands each notification to the CDI observers
 * of its mailbox ({@link NewMailDispatch}). Which mailboxes count thus follows from the observers,
 * with nothing to configure. Packaged alone in that jar, so an application that only injects
 * mailboxes deploys no MDB. WildFly reads the adapter's name from the annotation; Payara from the
 * application's {@code glassfish-ejb-jar.xml} (ejb-name {@value #NAME}).
 */
@MessageDriven(
    name = NewMailBridge.NAME,
    activationConfig = @ActivationConfigProperty(propertyName = "mailbox", propertyValue = "*"))
@ResourceAdapter("msgstore.rar")
public class NewMailBridge implements NewMailListener {
  /** The EJB name, for the servers' descriptors. */
  public static final String NAME = "MsgStoreNewMailBridge";

  @Resource(lookup = "java:comp/BeanManager")
  private BeanManager beans;

  @Override
  public void onNewMail(NewMailEvent event) {
    new NewMailDispatch(beans).dispatch(event);
  }
}
