package org.msgstore.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The transactions the embedded H2 store holds prepared and undecided (H2's {@code
 * INFORMATION_SCHEMA.IN_DOUBT}), for reliability/run.sh's in-doubt scenario with STORE=h2: its
 * pg_prepared_xacts. Read through a session of its own on the database the adapter has open: the H2
 * classes are the rar's (the war sees the rar's module), so the session joins the open database in
 * this JVM instead of trying to open the locked file a second time. Nothing is decided here.
 */
final class EmbeddedStoreInDoubt {
  private EmbeddedStoreInDoubt() {}

  static int count() throws SQLException, ReflectiveOperationException {
    // The adapter's embedded database: storeDirectory's default, ${jboss.server.data.dir}/msgstore,
    // database name msgstore, no user or password.
    Path database = Path.of(System.getProperty("jboss.server.data.dir"), "msgstore", "msgstore");
    Driver h2 =
        (Driver)
            Class.forName("org.h2.Driver", true, EmbeddedStoreInDoubt.class.getClassLoader())
                .getDeclaredConstructor()
                .newInstance();
    Properties login = new Properties();
    login.setProperty("user", "");
    login.setProperty("password", "");
    // IFEXISTS: never create an empty database where the adapter's is not.
    try (Connection c = h2.connect("jdbc:h2:file:" + database + ";IFEXISTS=TRUE", login);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.IN_DOUBT")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
