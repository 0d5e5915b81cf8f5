package org.msgstore.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of store work on one JDBC connection. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection c) throws SQLException;
}
