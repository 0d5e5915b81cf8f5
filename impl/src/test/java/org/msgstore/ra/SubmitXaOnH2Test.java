package org.msgstore.ra;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * {@link SubmitXaTest} on the embedded H2 store, where attachment content is a column of its row.
 */
class SubmitXaOnH2Test extends SubmitXaTest {
  @Override
  AdapterFixture startAdapter() throws Exception {
    return AdapterFixture.start("submit-xa");
  }

  /**
   * The embedded store is {@code <directory>/msgstore}; in this JVM a second connection shares it.
   */
  @Override
  long storedContents(AdapterFixture adapter) throws Exception {
    try (Connection c = H2Databases.dataSource(adapter.directory, "msgstore").getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT COUNT(*) FROM attachment WHERE content IS NOT NULL")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
