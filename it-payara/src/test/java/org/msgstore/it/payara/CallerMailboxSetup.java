package org.msgstore.it.payara;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.msgstore.it.app.CallerMailboxServlet;

/**
 * The README's caller-derived mailbox on Payara, as an administrator sets it up with asadmin: web
 * users in the domain's {@code file} realm (group {@value CallerMailboxServlet#ROLE}), a connector
 * connection pool with {@code mailboxFromCaller=true}, and one connector security map per user that
 * maps the caller principal to the same name ({@link #MAPPED}); carol has none. Payara then puts
 * the mapped name into the Subject of each allocation made for that caller (a {@code
 * PasswordCredential}); anyone else gets the pool's default principal, an empty name, which the
 * adapter refuses. Register after {@link PayaraDomain} and before the ArquillianExtension: the
 * war's resource-ref names {@value #MINE_RESOURCE}. Removed after the class.
 */
public class CallerMailboxSetup implements BeforeAllCallback, AfterAllCallback {
  static final String MINE_POOL = "MsgStoreMinePool";
  static final String MINE_RESOURCE = "eis/MsgStoreMine";

  /** User name and password of each web user. */
  static final Map<String, String> USERS =
      Map.of("alice", "alice-pw-1", "bob", "bob-pw-2", "carol", "carol-pw-3");

  /** The users with a security map (each to a mailbox of their own name); carol has none. */
  static final String[] MAPPED = {"alice", "bob"};

  @Override
  public void beforeAll(ExtensionContext context) {
    if (PayaraDomain.inServer()) {
      return;
    }
    USERS.forEach(
        (user, password) ->
            withPasswordFile(
                "AS_ADMIN_USERPASSWORD=" + password,
                file ->
                    Asadmin.run(
                        "--passwordfile",
                        file,
                        "create-file-user",
                        "--groups",
                        CallerMailboxServlet.ROLE,
                        user)));
    Asadmin.run(
        "create-connector-connection-pool",
        "--raname",
        PayaraDomain.RA_NAME,
        "--connectiondefinition",
        "org.msgstore.MessageStoreConnectionFactory",
        "--transactionsupport",
        "XATransaction",
        "--steadypoolsize",
        "0",
        "--maxpoolsize",
        "5",
        "--property",
        "mailboxFromCaller=true",
        MINE_POOL);
    // The mapped password only makes Payara build a PasswordCredential (without one the Subject
    // is empty); the adapter never reads it.
    for (String user : MAPPED) {
      withPasswordFile(
          "AS_ADMIN_MAPPEDPASSWORD=unused",
          file ->
              Asadmin.run(
                  "--passwordfile",
                  file,
                  "create-connector-security-map",
                  "--poolname",
                  MINE_POOL,
                  "--principals",
                  user,
                  "--mappedusername",
                  user,
                  user + "-map"));
    }
    Asadmin.run("create-connector-resource", "--poolname", MINE_POOL, MINE_RESOURCE);
    Asadmin.run("ping-connection-pool", MINE_POOL);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (PayaraDomain.inServer()) {
      return;
    }
    Asadmin.tryRun("delete-connector-resource", MINE_RESOURCE);
    Asadmin.tryRun("delete-connector-connection-pool", "--cascade=true", MINE_POOL);
    USERS.keySet().forEach(user -> Asadmin.tryRun("delete-file-user", user));
  }

  /** Runs {@code command} with an asadmin password file holding {@code line}, then deletes it. */
  private static void withPasswordFile(String line, Consumer<String> command) {
    Path file = null;
    try {
      file = Files.createTempFile("asadmin", ".pw");
      Files.writeString(file, line + "\n");
      command.accept(file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        file.toFile().delete();
      }
    }
  }
}
