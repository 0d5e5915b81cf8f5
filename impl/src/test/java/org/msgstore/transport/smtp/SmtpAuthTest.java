package org.msgstore.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.spi.DeliveryResult;
import org.msgstore.testing.TestTransportContext;

/** SMTP AUTH against a real server that knows one user (GreenMail on loopback). */
class SmtpAuthTest {
  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser("shop@sender.test", "shop", "s3cret"));

  private SmtpTransport transport;

  @AfterEach
  void close() {
    transport.close();
  }

  private List<DeliveryResult> send(String user, String password) throws Exception {
    Map<String, String> settings =
        new java.util.HashMap<>(TestTransportContext.smtpLoopback(GREEN_MAIL.getSmtp().getPort()));
    settings.put("smtpUser", user);
    settings.put("smtpPassword", password);
    // GreenMail on loopback speaks plain SMTP; TlsRelayTest covers logins over TLS.
    settings.put("smtpAllowAuthWithoutTls", "true");
    transport = TestTransportContext.startedSmtp(settings);
    FakeMessage m =
        FakeMessage.from("shop@sender.test", "Shop")
            .with(PropTag.PR_SUBJECT, "authenticated")
            .messageId("<auth-1@msgstore.test>")
            .to(RecipientType.TO, "Tom", "tom@to.test");
    return transport.deliver(m, m.offered());
  }

  @Test
  void with_the_right_credentials_the_message_is_delivered() throws Exception {
    List<DeliveryResult> results = send("shop", "s3cret");
    assertInstanceOf(DeliveryResult.Delivered.class, results.get(0), results.toString());
    assertTrue(GREEN_MAIL.waitForIncomingEmail(5_000, 1));
    assertEquals("authenticated", GREEN_MAIL.getReceivedMessages()[0].getSubject());
  }

  @Test
  void with_a_wrong_password_the_recipient_is_deferred_with_a_reason_naming_the_settings()
      throws Exception {
    List<DeliveryResult> results = send("shop", "wrong");
    DeliveryResult.Deferred deferred =
        assertInstanceOf(DeliveryResult.Deferred.class, results.get(0), results.toString());
    assertTrue(deferred.reason().contains("smtpUser"), deferred.reason());
    assertEquals(0, GREEN_MAIL.getReceivedMessages().length);
  }
}
