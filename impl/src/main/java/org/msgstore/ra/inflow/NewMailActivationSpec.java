package org.msgstore.ra.inflow;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import java.beans.PropertyDescriptor;
import org.msgstore.inflow.NewMailListener;

/**
 * How an MDB implementing {@link NewMailListener} says which mailbox it listens to:
 * {@code @ActivationConfigProperty(propertyName = "mailbox", propertyValue = "shop")}; {@code "*"}
 * names every mailbox (what the msgstore-cdi bridge listens to, handing each event on as a CDI
 * event qualified by its mailbox).
 */
@Activation(messageListeners = NewMailListener.class)
public class NewMailActivationSpec implements ActivationSpec {
  private String mailbox;
  private ResourceAdapter resourceAdapter;

  public String getMailbox() {
    return mailbox;
  }

  @ConfigProperty(
      type = String.class,
      description = "The mailbox whose new mail the endpoint receives (required).")
  public void setMailbox(String mailbox) {
    this.mailbox = mailbox;
  }

  @Override
  public void validate() throws InvalidPropertyException {
    if (mailbox == null || mailbox.isBlank()) {
      InvalidPropertyException e = new InvalidPropertyException(InflowLog.mailboxMissing());
      try {
        e.setInvalidPropertyDescriptors(
            new PropertyDescriptor[] {
              new PropertyDescriptor("mailbox", NewMailActivationSpec.class)
            });
      } catch (java.beans.IntrospectionException ignored) {
        // The message names the property either way.
      }
      throw e;
    }
  }

  @Override
  public ResourceAdapter getResourceAdapter() {
    return resourceAdapter;
  }

  @Override
  public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
    this.resourceAdapter = ra;
  }

  @Override
  public String toString() {
    return "NewMailActivationSpec[mailbox=" + mailbox + "]";
  }
}
