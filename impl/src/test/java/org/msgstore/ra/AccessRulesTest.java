package org.msgstore.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.security.PasswordCredential;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.msgstore.FolderKind;
import org.msgstore.MapiError;
import org.msgstore.MapiException;
import org.msgstore.Message;
import org.msgstore.MessageFlags;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.PropTag;
import org.msgstore.RecipientType;
import org.msgstore.Row;

/**
 * The access rules of a connection definition (issue 19 part 1) on the started adapter with its
 * embedded store: which mailboxes open (allowedMailboxes, mailboxFromCaller), whether missing ones
 * are created (createMailboxes), which senders submit() lets through (allowedSenders); each refusal
 * a MAPI_E_NO_ACCESS at the call naming what and the rule, logged with its code.
 */
class AccessRulesTest {
  private AdapterFixture adapter;
  private final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
  private final Logger accessLog = Logger.getLogger("org.msgstore.ra.access.AccessPolicy");
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logged.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void start() throws ResourceException {
    adapter = AdapterFixture.start("access");
    accessLog.addHandler(capture);
  }

  @AfterEach
  void stop() throws ResourceException {
    accessLog.removeHandler(capture);
    adapter.close();
  }

  /** A second connection definition of the same adapter, configured by {@code settings}. */
  private MessageStoreConnectionFactory definition(
      Consumer<MsgStoreManagedConnectionFactory> settings) throws ResourceException {
    MsgStoreManagedConnectionFactory mcf = new MsgStoreManagedConnectionFactory();
    settings.accept(mcf);
    mcf.setResourceAdapter(adapter.ra);
    return (MessageStoreConnectionFactory) mcf.createConnectionFactory(adapter.cm);
  }

  private static MapiException assertNoAccess(Executable call, String... named) {
    MapiException e = assertThrows(MapiException.class, call);
    assertEquals(MapiError.MAPI_E_NO_ACCESS, e.error(), e.getMessage());
    for (String n : named) {
      assertTrue(e.getMessage().contains(n), "'" + n + "' in: " + e.getMessage());
    }
    return e;
  }

  private List<String> loggedWith(String code) {
    synchronized (logged) {
      return logged.stream()
          .map(LogRecord::getMessage)
          .filter(m -> m.startsWith(code + ":"))
          .toList();
    }
  }

  /** The refusal was logged once, with the text the caller got. */
  private void assertLogged(String code, MapiException e) {
    List<String> lines = loggedWith(code);
    assertEquals(1, lines.size(), lines.toString());
    assertEquals("MAPI_E_NO_ACCESS (0x80070005): " + lines.get(0), e.getMessage());
  }

  private static void open(MessageStoreConnectionFactory f, String mailbox) {
    try (MessageStoreConnection c = f.getConnection(mailbox)) {
      c.openFolder(FolderKind.INBOX);
    }
  }

  // ---- allowedMailboxes ----

  @Test
  void a_definition_with_allowedMailboxes_opens_the_named_mailbox_and_those_matching_a_pattern()
      throws Exception {
    MessageStoreConnectionFactory f = definition(m -> m.setAllowedMailboxes("orders, shop-*"));
    open(f, "orders");
    open(f, "shop-eu");
    open(f, "shop-");
    assertEquals(List.of(), loggedWith("MSGS1061"));
  }

  @Test
  void a_mailbox_outside_allowedMailboxes_is_refused_at_getConnection_naming_mailbox_and_rule()
      throws Exception {
    MessageStoreConnectionFactory f = definition(m -> m.setAllowedMailboxes("orders,shop-*"));
    MapiException e =
        assertNoAccess(
            () -> f.getConnection("billing"),
            "MSGS1061",
            "mailbox 'billing'",
            "allowedMailboxes=orders,shop-*");
    assertLogged("MSGS1061", e);
    // A pattern is a pattern only at its '*': no prefix, suffix or case games.
    assertNoAccess(() -> f.getConnection("shopping"), "mailbox 'shopping'");
    assertNoAccess(() -> f.getConnection("Orders"), "mailbox 'Orders'");
    assertNoAccess(() -> f.getConnection("orders2"), "mailbox 'orders2'");
  }

  @Test
  void getConnection_without_a_name_is_refused_when_defaultMailbox_is_not_allowed()
      throws Exception {
    MessageStoreConnectionFactory f = definition(m -> m.setAllowedMailboxes("orders"));
    assertNoAccess(f::getConnection, "mailbox 'default'", "allowedMailboxes=orders");
    MessageStoreConnectionFactory g =
        definition(
            m -> {
              m.setAllowedMailboxes("orders");
              m.setDefaultMailbox("orders");
            });
    try (MessageStoreConnection c = g.getConnection()) {
      assertEquals("orders", c.mailbox());
    }
  }

  @Test
  void two_definitions_of_one_adapter_have_their_own_rights_over_the_same_store() throws Exception {
    MessageStoreConnectionFactory shop = definition(m -> m.setAllowedMailboxes("shop-*"));
    MessageStoreConnectionFactory billing = definition(m -> m.setAllowedMailboxes("billing"));
    open(shop, "shop-eu");
    open(billing, "billing");
    assertNoAccess(() -> shop.getConnection("billing"), "mailbox 'billing'");
    assertNoAccess(() -> billing.getConnection("shop-eu"), "mailbox 'shop-eu'");
  }

  // ---- createMailboxes ----

  @Test
  void createMailboxes_false_opens_an_existing_mailbox_and_refuses_to_create_a_new_one()
      throws Exception {
    open(adapter.factory, "orders");
    MessageStoreConnectionFactory f = definition(m -> m.setCreateMailboxes(false));
    open(f, "orders");
    try (MessageStoreConnection c = f.getConnection("newcomer")) {
      MapiException e =
          assertNoAccess(
              () -> c.openFolder(FolderKind.INBOX),
              "MSGS1062",
              "mailbox 'newcomer'",
              "createMailboxes=false");
      assertLogged("MSGS1062", e);
    }
    // Nothing was created: the definition that may create does so now, as a first open.
    MessageStoreConnectionFactory later = definition(m -> m.setCreateMailboxes(false));
    try (MessageStoreConnection c = later.getConnection("newcomer")) {
      assertNoAccess(() -> c.openFolder(FolderKind.OUTBOX), "mailbox 'newcomer'");
    }
  }

  // ---- allowedSenders ----

  private static Message draft(MessageStoreConnection c) {
    Message m = c.openFolder(FolderKind.OUTBOX).createMessage();
    m.set(PropTag.PR_SUBJECT, "order 4711");
    m.addRecipient(RecipientType.TO, "Bob", "SMTP", "bob@example.com");
    return m;
  }

  private int queued() throws Exception {
    try (ConnectionHandle h = (ConnectionHandle) adapter.factory.getConnection("shop-eu")) {
      List<Row> rows =
          adapter
              .ra
              .store()
              .spoolerSession(h, "observer", Duration.ofMinutes(1))
              .getOutgoingQueue(0);
      return rows.size();
    }
  }

  @Test
  void allowedSenders_lets_an_address_of_an_allowed_domain_or_an_allowed_address_through()
      throws Exception {
    MessageStoreConnectionFactory f =
        definition(m -> m.setAllowedSenders("@shop.example, billing@corp.example"));
    try (MessageStoreConnection c = f.getConnection("shop-eu")) {
      Message m = draft(c);
      m.set(PropTag.PR_SENT_REPRESENTING_EMAIL_ADDRESS, "Orders@Shop.Example");
      m.set(PropTag.PR_SENDER_EMAIL_ADDRESS, "billing@corp.example");
      m.submit();
      Message plain = draft(c);
      plain.submit(); // no sender: it goes out from the administrator's smtpDefaultFrom
    }
    assertEquals(2, queued());
    assertEquals(List.of(), loggedWith("MSGS1063"));
  }

  @Test
  void a_From_address_outside_allowedSenders_is_refused_at_submit_before_anything_is_written()
      throws Exception {
    MessageStoreConnectionFactory f = definition(m -> m.setAllowedSenders("@shop.example"));
    try (MessageStoreConnection c = f.getConnection("shop-eu")) {
      Message m = draft(c);
      m.set(PropTag.PR_SENT_REPRESENTING_EMAIL_ADDRESS, "ceo@bank.example");
      m.saveChanges();
      MapiException e =
          assertNoAccess(
              m::submit,
              "MSGS1063",
              "mailbox 'shop-eu'",
              "'ceo@bank.example'",
              "PR_SENT_REPRESENTING_EMAIL_ADDRESS",
              "allowedSenders=@shop.example");
      assertLogged("MSGS1063", e);
      assertEquals(0, m.get(PropTag.PR_MESSAGE_FLAGS) & MessageFlags.MSGFLAG_SUBMIT);
    }
    assertEquals(0, queued());
  }

  @Test
  void a_Sender_address_outside_allowedSenders_is_refused_whatever_its_address_type()
      throws Exception {
    MessageStoreConnectionFactory f = definition(m -> m.setAllowedSenders("@shop.example"));
    try (MessageStoreConnection c = f.getConnection("shop-eu")) {
      Message m = draft(c);
      m.set(PropTag.PR_SENT_REPRESENTING_EMAIL_ADDRESS, "orders@shop.example");
      m.set(PropTag.PR_SENDER_ADDRTYPE, "EX");
      m.set(PropTag.PR_SENDER_EMAIL_ADDRESS, "ceo@bank.example");
      assertNoAccess(m::submit, "'ceo@bank.example'", "PR_SENDER_EMAIL_ADDRESS", "allowedSenders=");
      // A look-alike domain is another domain.
      Message sub = draft(c);
      sub.set(PropTag.PR_SENDER_EMAIL_ADDRESS, "orders@shop.example.evil");
      assertNoAccess(sub::submit, "'orders@shop.example.evil'");
      Message parent = draft(c);
      parent.set(PropTag.PR_SENDER_EMAIL_ADDRESS, "orders@eu.shop.example");
      assertNoAccess(parent::submit, "'orders@eu.shop.example'");
    }
    assertEquals(0, queued());
  }

  @Test
  void a_Resent_From_header_outside_allowedSenders_is_refused() throws Exception {
    MessageStoreConnectionFactory f = definition(m -> m.setAllowedSenders("*@*.shop.example"));
    try (MessageStoreConnection c = f.getConnection("shop-eu")) {
      Message m = draft(c);
      m.set(PropTag.PR_SENDER_EMAIL_ADDRESS, "orders@eu.shop.example");
      m.set(
          PropTag.PR_MSGSTORE_INTERNET_HEADERS,
          "Resent-From: Desk <desk@eu.shop.example>, Boss <boss@bank.example>\r\n");
      assertNoAccess(
          m::submit, "'boss@bank.example'", "Resent-From", "allowedSenders=*@*.shop.example");
    }
    assertEquals(0, queued());
  }

  // ---- mailboxFromCaller ----

  private static Subject withCredential(String user, ManagedConnectionFactory mcf) {
    PasswordCredential pc = new PasswordCredential(user, "secret".toCharArray());
    if (mcf != null) {
      pc.setManagedConnectionFactory(mcf);
    }
    Subject s = new Subject();
    s.getPrincipals().add(named("web-" + user));
    s.getPrivateCredentials().add(pc);
    return s;
  }

  private static Principal named(String name) {
    return () -> name;
  }

  @Test
  void mailboxFromCaller_opens_the_mailbox_named_by_the_servers_PasswordCredential()
      throws Exception {
    MessageStoreConnectionFactory f = definition(m -> m.setMailboxFromCaller(true));
    adapter.cm.subject = withCredential("alice", null);
    try (MessageStoreConnection c = f.getConnection()) {
      assertEquals("alice", c.mailbox());
      c.openFolder(FolderKind.INBOX);
    }
    try (MessageStoreConnection c = f.getConnection("alice")) {
      assertEquals("alice", c.mailbox());
    }
    MapiException e =
        assertNoAccess(
            () -> f.getConnection("bob"),
            "MSGS1064",
            "mailbox 'bob'",
            "caller's own mailbox 'alice'",
            "mailboxFromCaller=true");
    assertLogged("MSGS1064", e);
  }

  @Test
  void mailboxFromCaller_takes_the_one_principal_when_there_is_no_credential() throws Exception {
    MessageStoreConnectionFactory f = definition(m -> m.setMailboxFromCaller(true));
    Subject s = new Subject();
    s.getPrincipals().add(named("carol"));
    adapter.cm.subject = s;
    try (MessageStoreConnection c = f.getConnection()) {
      assertEquals("carol", c.mailbox());
    }
  }

  @Test
  void mailboxFromCaller_ignores_a_credential_meant_for_another_connection_definition()
      throws Exception {
    MsgStoreManagedConnectionFactory other = new MsgStoreManagedConnectionFactory();
    other.setDefaultMailbox("elsewhere");
    MessageStoreConnectionFactory f = definition(m -> m.setMailboxFromCaller(true));
    Subject s = withCredential("mallory", other);
    adapter.cm.subject = s;
    try (MessageStoreConnection c = f.getConnection()) {
      // Not mallory: the credential names another factory; the one principal is the caller.
      assertEquals("web-mallory", c.mailbox());
    }
  }

  @Test
  void mailboxFromCaller_refuses_a_connection_when_the_server_passes_no_identity()
      throws Exception {
    MessageStoreConnectionFactory f = definition(m -> m.setMailboxFromCaller(true));
    adapter.cm.subject = null;
    assertNoAccess(f::getConnection, "MSGS1064", "no Subject", "mailboxFromCaller=true");
    // What Payara passes for a caller no security map names, on a pool without a default user.
    Subject nobody = new Subject();
    nobody.getPrivateCredentials().add(new PasswordCredential("", new char[0]));
    adapter.cm.subject = nobody;
    assertNoAccess(f::getConnection, "MSGS1064", "the server's Subject names no caller");
    Subject two = new Subject();
    two.getPrincipals().add(named("x"));
    two.getPrincipals().add(named("y"));
    adapter.cm.subject = two;
    assertNoAccess(f::getConnection, "several principals [x, y]");
  }

  @Test
  void mailboxFromCaller_still_applies_allowedMailboxes() throws Exception {
    MessageStoreConnectionFactory f =
        definition(
            m -> {
              m.setMailboxFromCaller(true);
              m.setAllowedMailboxes("user-*");
            });
    adapter.cm.subject = withCredential("user-dave", null);
    try (MessageStoreConnection c = f.getConnection()) {
      assertEquals("user-dave", c.mailbox());
    }
    adapter.cm.subject = withCredential("admin", null);
    assertNoAccess(f::getConnection, "MSGS1061", "mailbox 'admin'", "allowedMailboxes=user-*");
  }

  // ---- start-up: the open warning, the rules, bad settings ----

  @Test
  void an_open_definition_warns_once_at_start_which_settings_close_it() throws Exception {
    MsgStoreManagedConnectionFactory mcf = new MsgStoreManagedConnectionFactory();
    mcf.setResourceAdapter(adapter.ra);
    mcf.createConnectionFactory(adapter.cm);
    mcf.createConnectionFactory(adapter.cm);
    List<String> warnings = loggedWith("MSGS1060");
    assertEquals(1, warnings.size(), warnings.toString());
    String w = warnings.get(0);
    assertTrue(w.contains("defaultMailbox=default"), w);
    assertTrue(w.contains("any mailbox may be opened, and created"), w);
    assertTrue(w.contains("any sender address"), w);
    assertTrue(
        w.contains(
            "allowedMailboxes (or mailboxFromCaller=true), createMailboxes=false,"
                + " allowedSenders"),
        w);
    assertEquals(Level.WARNING, logged.get(0).getLevel());
  }

  @Test
  void a_closed_definition_logs_its_rules_instead_of_the_warning() throws Exception {
    definition(
        m -> {
          m.setAllowedMailboxes("billing");
          m.setAllowedSenders("@billing.example");
        });
    assertEquals(List.of(), loggedWith("MSGS1060"));
    assertEquals(
        List.of(
            "MSGS1065: MsgStore connection definition (defaultMailbox=default) access rules:"
                + " allowedMailboxes=billing, createMailboxes=true,"
                + " allowedSenders=@billing.example"),
        loggedWith("MSGS1065"));
  }

  @Test
  void a_definition_open_only_for_senders_says_just_that() throws Exception {
    definition(m -> m.setAllowedMailboxes("billing"));
    List<String> warnings = loggedWith("MSGS1060");
    assertEquals(1, warnings.size());
    assertTrue(
        warnings
            .get(0)
            .contains(
                "is open: messages may carry any sender address. Close"
                    + " it with allowedSenders"),
        warnings.get(0));
  }

  @Test
  void the_start_up_lines_name_a_definition_by_the_JNDI_name_its_connection_manager_serves()
      throws Exception {
    MsgStoreManagedConnectionFactory shop = new MsgStoreManagedConnectionFactory();
    shop.setAllowedMailboxes("shop-*");
    shop.setAllowedSenders("@shop.example");
    shop.setResourceAdapter(adapter.ra);
    shop.createConnectionFactory(new NamedConnectionManager(adapter.cm, "eis/MsgStoreShop"));
    MsgStoreManagedConnectionFactory open = new MsgStoreManagedConnectionFactory();
    open.setDefaultMailbox("orders");
    open.setCreateMailboxes(false);
    open.setResourceAdapter(adapter.ra);
    open.createConnectionFactory(new NamedConnectionManager(adapter.cm, "eis/MsgStoreOpen"));

    assertEquals(
        List.of(
            "MSGS1065: MsgStore connection definition (JNDI name eis/MsgStoreShop,"
                + " defaultMailbox=default) access rules: allowedMailboxes=shop-*,"
                + " createMailboxes=true, allowedSenders=@shop.example"),
        loggedWith("MSGS1065"));
    List<String> warnings = loggedWith("MSGS1060");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(
        warnings
            .get(0)
            .startsWith(
                "MSGS1060: MsgStore connection definition (JNDI name eis/MsgStoreOpen,"
                    + " defaultMailbox=orders, createMailboxes=false) is open: any existing"
                    + " mailbox may be opened"),
        warnings.get(0));
  }

  @Test
  void without_a_JNDI_name_the_open_warning_names_the_settings_that_were_set() throws Exception {
    definition(
        m -> {
          m.setDefaultMailbox("billing");
          m.setAllowedMailboxes("billing,billing-*");
          m.setMailboxFromCaller(true);
        });
    List<String> warnings = loggedWith("MSGS1060");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(
        warnings
            .get(0)
            .startsWith(
                "MSGS1060: MsgStore connection definition (defaultMailbox=billing,"
                    + " allowedMailboxes=billing,billing-*, mailboxFromCaller=true) is open:"
                    + " messages may carry any sender address"),
        warnings.get(0));
  }

  /** A server's connection manager that says which JNDI name it serves, as Payara's does. */
  public static final class NamedConnectionManager implements ConnectionManager {
    private static final long serialVersionUID = 1L;
    private final transient ConnectionManager pool;
    private final String jndiName;

    NamedConnectionManager(ConnectionManager pool, String jndiName) {
      this.pool = pool;
      this.jndiName = jndiName;
    }

    public String getJndiName() {
      return jndiName;
    }

    @Override
    public Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info)
        throws ResourceException {
      return pool.allocateConnection(mcf, info);
    }
  }

  @Test
  void bad_access_settings_fail_the_definition_with_MSGS1003_naming_each_setting_and_entry() {
    ResourceException e =
        assertThrows(
            ResourceException.class,
            () ->
                definition(
                    m -> {
                      m.setAllowedMailboxes("orders, bad\tname");
                      m.setAllowedSenders("@shop.example, shop.example, a b@x.example, x@");
                    }));
    String text = e.getMessage();
    assertTrue(text.startsWith("MSGS1003: "), text);
    assertTrue(text.contains("allowedMailboxes entry 'bad\tname' has a control character"), text);
    assertTrue(text.contains("allowedSenders entry 'shop.example' is neither an address"), text);
    assertTrue(text.contains("allowedSenders entry 'a b@x.example' has ' '"), text);
    assertTrue(text.contains("allowedSenders entry 'x@' is neither"), text);
    assertTrue(!text.contains("'@shop.example'"), text);
  }

  @Test
  void the_default_definition_behaves_as_before_any_mailbox_any_sender() throws Exception {
    open(adapter.factory, "anyone");
    try (MessageStoreConnection c = adapter.factory.getConnection("shop-eu")) {
      Message m = draft(c);
      m.set(PropTag.PR_SENT_REPRESENTING_EMAIL_ADDRESS, "ceo@bank.example");
      m.submit();
    }
    assertEquals(1, queued());
  }
}
