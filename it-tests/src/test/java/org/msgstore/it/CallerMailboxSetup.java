package org.msgstore.it;

import java.util.List;
import java.util.Map;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.msgstore.it.app.CallerMailboxServlet;

/**
 * The README's caller-derived mailbox on WildFly, as an administrator sets it up with jboss-cli: a
 * security domain for the web application ({@value #DOMAIN}: a filesystem realm with the users
 * {@link #USERS}, role {@value CallerMailboxServlet#ROLE}, mapped for Undertow), an Elytron
 * authentication context that forwards the current identity of that domain, and the connection
 * definition {@value #MINE_JNDI} with {@code elytron-enabled=true}, that authentication context and
 * {@code mailboxFromCaller=true}. IronJacamar then builds the Subject of each allocation from the
 * caller's identity; the adapter opens the mailbox named by it.
 */
public class CallerMailboxSetup extends MsgStoreAdapterSetup {
  public static final String MINE_JNDI = "java:/eis/MsgStoreMine";
  public static final String DOMAIN = "msgstore-it";
  static final String CONTEXT = "msgstore-caller";

  /** User name and password of each web user. */
  static final Map<String, String> USERS = Map.of("alice", "alice-pw-1", "bob", "bob-pw-2");

  private static final ModelNode REALM = elytron("filesystem-realm", DOMAIN);
  private static final ModelNode ROLES = elytron("simple-role-decoder", DOMAIN);
  private static final ModelNode SECURITY_DOMAIN = elytron("security-domain", DOMAIN);
  private static final ModelNode WEB_DOMAIN =
      Operations.createAddress("subsystem", "undertow", "application-security-domain", DOMAIN);
  private static final ModelNode CONFIGURATION = elytron("authentication-configuration", CONTEXT);
  private static final ModelNode AUTH_CONTEXT = elytron("authentication-context", CONTEXT);

  private static ModelNode elytron(String type, String name) {
    return Operations.createAddress("subsystem", "elytron", type, name);
  }

  @Override
  public void setup(ManagementClient client, String containerId) throws Exception {
    try {
      addSecurity(client);
    } catch (RuntimeException e) {
      removeSecurity(client);
      throw e;
    }
    super.setup(client, containerId);
  }

  private static void addSecurity(ManagementClient client) {
    ModelNode realm = Operations.createAddOperation(REALM);
    realm.get("path").set("msgstore-it-users");
    realm.get("relative-to").set("jboss.server.data.dir");
    Management.execute(client, realm);
    USERS.forEach(
        (user, password) -> {
          ModelNode identity = Operations.createOperation("add-identity", REALM);
          identity.get("identity").set(user);
          Management.execute(client, identity);
          ModelNode setPassword = Operations.createOperation("set-password", REALM);
          setPassword.get("identity").set(user);
          setPassword.get("clear").get("password").set(password);
          Management.execute(client, setPassword);
          ModelNode role = Operations.createOperation("add-identity-attribute", REALM);
          role.get("identity").set(user);
          role.get("name").set("Roles");
          role.get("value").add(CallerMailboxServlet.ROLE);
          Management.execute(client, role);
        });
    ModelNode roles = Operations.createAddOperation(ROLES);
    roles.get("attribute").set("Roles");
    Management.execute(client, roles);
    ModelNode domain = Operations.createAddOperation(SECURITY_DOMAIN);
    domain.get("default-realm").set(DOMAIN);
    domain.get("permission-mapper").set("default-permission-mapper");
    ModelNode realmRef = domain.get("realms").add();
    realmRef.get("realm").set(DOMAIN);
    realmRef.get("role-decoder").set(DOMAIN);
    Management.execute(client, domain);
    ModelNode web = Operations.createAddOperation(WEB_DOMAIN);
    web.get("security-domain").set(DOMAIN);
    Management.execute(client, web);
    // Forwards the identity the web request was authenticated as in that domain.
    ModelNode configuration = Operations.createAddOperation(CONFIGURATION);
    configuration.get("security-domain").set(DOMAIN);
    Management.execute(client, configuration);
    ModelNode context = Operations.createAddOperation(AUTH_CONTEXT);
    context.get("match-rules").add().get("authentication-configuration").set(CONTEXT);
    Management.execute(client, context);
  }

  @Override
  protected void addDefinitions(Operations.CompositeOperationBuilder batch) {
    addDefinition(
        batch,
        "Mine",
        MINE_JNDI,
        new String[][] {{"mailboxFromCaller", "true"}},
        Map.of("authentication-context", CONTEXT));
  }

  @Override
  public void tearDown(ManagementClient client, String containerId) throws Exception {
    try {
      super.tearDown(client, containerId);
    } finally {
      removeSecurity(client);
    }
  }

  private static void removeSecurity(ManagementClient client) {
    for (ModelNode address :
        List.of(AUTH_CONTEXT, CONFIGURATION, WEB_DOMAIN, SECURITY_DOMAIN, ROLES, REALM)) {
      if (Management.exists(client, address)) {
        Management.execute(client, Operations.createRemoveOperation(address));
      }
    }
  }
}
