package org.msgstore.it.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.msgstore.MessageFlags;
import org.msgstore.it.app.AccessRulesEjb;
import org.msgstore.it.app.StoreProbe;

/**
 * Two connection definitions of one adapter with different rights (issue 19 part 1), configured by
 * the administrator on the server: {@link AccessRulesEjb#SHOP} with {@value #SHOP_RULES}, {@link
 * AccessRulesEjb#BILLING} with {@value #BILLING_RULES}. Each refusal is MAPI_E_NO_ACCESS at the
 * application's call, names the mailbox or address and the rule, and is in the server log with its
 * code; what is allowed works as before.
 *
 * <p>A server module subclasses this with its {@code @Deployment} named {@value #APP} holding
 * {@link #beans()}, and creates the two definitions with {@link #SHOP_PROPERTIES} and {@link
 * #BILLING_PROPERTIES} next to the default one (eis/MsgStore, open, which the {@link StoreProbe}
 * uses).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class AccessRulesScenarios {
  protected static final String APP = "app";

  /** The shop definition's config-properties (name, value pairs). */
  public static final String[][] SHOP_PROPERTIES = {
    {"allowedMailboxes", "shop-*"}, {"allowedSenders", "@shop.example"}
  };

  /** The billing definition's: only billing mailboxes that exist, senders of @billing.example. */
  public static final String[][] BILLING_PROPERTIES = {
    {"allowedMailboxes", "billing,billing-*"},
    {"createMailboxes", "false"},
    {"allowedSenders", "@billing.example"}
  };

  static final String SHOP_RULES =
      "allowedMailboxes=shop-*, createMailboxes=true, allowedSenders=@shop.example";
  static final String BILLING_RULES =
      "allowedMailboxes=billing,billing-*, createMailboxes=false,"
          + " allowedSenders=@billing.example";

  private static final String NO_ACCESS = "MAPI_E_NO_ACCESS (0x80070005): ";

  @EJB private AccessRulesEjb app;
  @EJB private StoreProbe probe;

  protected abstract ServerUnderTest server();

  protected static Class<?>[] beans() {
    return new Class<?>[] {AccessRulesEjb.class};
  }

  private static String subject(String what) {
    return what + " " + UUID.randomUUID();
  }

  private static void assertRefused(String answer, String... named) {
    assertTrue(answer.startsWith(NO_ACCESS), answer);
    for (String n : named) {
      assertTrue(answer.contains(n), "'" + n + "' in: " + answer);
    }
  }

  @Test
  @Order(1)
  @OperateOnDeployment(APP)
  void the_shop_definition_opens_a_shop_mailbox_and_submits_from_shop_example() {
    assertEquals("opened shop-eu", app.open(AccessRulesEjb.SHOP, "shop-eu"));
    String subject = subject("shop order");
    assertEquals(
        "submitted", app.submit(AccessRulesEjb.SHOP, "shop-eu", "orders@shop.example", subject));
    List<Integer> flags = probe.outboxFlags("shop-eu", subject);
    assertEquals(1, flags.size(), flags.toString());
    assertEquals(MessageFlags.MSGFLAG_SUBMIT, flags.get(0) & MessageFlags.MSGFLAG_SUBMIT);
  }

  @Test
  @Order(2)
  @OperateOnDeployment(APP)
  void the_shop_definition_refuses_the_billing_mailbox_naming_it_and_the_rule() {
    assertRefused(
        app.open(AccessRulesEjb.SHOP, "billing"),
        "MSGS1061",
        "mailbox 'billing'",
        "allowedMailboxes=shop-*");
  }

  @Test
  @Order(3)
  @OperateOnDeployment(APP)
  void the_shop_definition_refuses_a_foreign_sender_at_submit_and_stores_nothing() {
    String subject = subject("spoofed order");
    assertRefused(
        app.submit(AccessRulesEjb.SHOP, "shop-eu", "ceo@bank.example", subject),
        "MSGS1063",
        "'ceo@bank.example'",
        "allowedSenders=@shop.example");
    assertEquals(List.of(), probe.outboxFlags("shop-eu", subject));
  }

  @Test
  @Order(4)
  @OperateOnDeployment(APP)
  void the_billing_definition_opens_only_existing_billing_mailboxes_and_its_own_senders() {
    probe.outboxFlags("billing", "creates the mailbox through the open default definition");
    assertEquals("opened billing", app.open(AccessRulesEjb.BILLING, "billing"));
    assertRefused(
        app.open(AccessRulesEjb.BILLING, "shop-eu"),
        "MSGS1061",
        "mailbox 'shop-eu'",
        "allowedMailboxes=billing,billing-*");
    assertRefused(
        app.open(AccessRulesEjb.BILLING, "billing-new"),
        "MSGS1062",
        "mailbox 'billing-new'",
        "createMailboxes=false");
    assertRefused(
        app.submit(AccessRulesEjb.BILLING, "billing", "orders@shop.example", subject("x")),
        "MSGS1063",
        "'orders@shop.example'",
        "allowedSenders=@billing.example");
    assertEquals(
        "submitted",
        app.submit(AccessRulesEjb.BILLING, "billing", "invoices@billing.example", subject("b")));
  }

  @Test
  @Order(5)
  @RunAsClient
  void the_server_log_has_each_definitions_rules_at_start_and_each_refusal_with_its_code() {
    List<String> log = server().serverLog();
    assertTrue(
        log.stream().anyMatch(l -> l.contains("MSGS1065") && l.contains(SHOP_RULES)),
        "MSGS1065 with " + SHOP_RULES);
    assertTrue(
        log.stream().anyMatch(l -> l.contains("MSGS1065") && l.contains(BILLING_RULES)),
        "MSGS1065 with " + BILLING_RULES);
    for (String code : new String[] {"MSGS1061", "MSGS1062", "MSGS1063"}) {
      assertTrue(log.stream().anyMatch(l -> l.contains(code)), code + " in the server log");
    }
    // The default definition the probe uses is open: it says so, once per start of the adapter.
    assertTrue(log.stream().anyMatch(l -> l.contains("MSGS1060")), "MSGS1060 in the server log");
  }
}
