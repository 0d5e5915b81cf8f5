package org.msgstore.bench;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageListener;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;

/**
 * The JMS path's consumer: builds the MIME message and sends it with Jakarta Mail, one SMTP
 * connection per message (Transport.send), inside the MDB's transaction; a failure rolls the JMS
 * delivery back for redelivery. maxSession=4 gives it as many delivery threads as the spooler.
 */
@MessageDriven(
    activationConfig = {
      @ActivationConfigProperty(
          propertyName = "destinationLookup",
          propertyValue = "java:/jms/queue/BenchMail"),
      @ActivationConfigProperty(
          propertyName = "destinationType",
          propertyValue = "jakarta.jms.Queue"),
      @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "4")
    })
public class MailMdb implements MessageListener {
  @Resource(lookup = "java:jboss/mail/Bench")
  Session mail;

  @Override
  public void onMessage(jakarta.jms.Message message) {
    try {
      MapMessage m = (MapMessage) message;
      Transport.send(
          Payload.mime(
              mail, m.getString("subject"), m.getString("body"), m.getBytes("attachment")));
    } catch (JMSException | MessagingException e) {
      throw new IllegalStateException("delivery failed: " + e.getMessage(), e);
    }
  }
}
