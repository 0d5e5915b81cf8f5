package org.msgstore.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The spooler node names and the incarnation that holds each (V4, {@code spooler_node}). Every
 * change names the incarnation it expects, so two incarnations racing for one name never both win.
 */
public final class NodeRepository {

  /** The row of one node name. */
  public record Node(
      String name, String incarnation, String host, long startedUs, long heartbeatUs) {}

  /** The row of {@code name}, or null when no spooler ever ran under it. */
  public Node find(Connection c, String name) throws SQLException {
    return Jdbc.first(
        c,
        """
        SELECT node_name, incarnation, host, started_us, heartbeat_us
          FROM spooler_node
         WHERE node_name = ?
        """,
        ps -> ps.setString(1, name),
        rs ->
            new Node(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
  }

  /** Takes a name no row holds yet; false when another incarnation inserted it first. */
  public boolean insert(Connection c, Node n) throws SQLException {
    try {
      Jdbc.expectOne(
          Jdbc.update(
              c,
              """
              INSERT INTO spooler_node (node_name, incarnation, host, started_us, heartbeat_us)
              VALUES (?, ?, ?, ?, ?)
              """,
              ps -> {
                ps.setString(1, n.name());
                ps.setString(2, n.incarnation());
                ps.setString(3, n.host());
                ps.setLong(4, n.startedUs());
                ps.setLong(5, n.heartbeatUs());
              }),
          "register spooler node " + n.name());
      return true;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return false; // the primary key: another incarnation took the name in between
      }
      throw e;
    }
  }

  /**
   * Takes the name over from the incarnation {@code previous} as it was read (same heartbeat);
   * false when that row changed meanwhile (it is alive, or another incarnation took over first).
   */
  public boolean replace(Connection c, Node previous, Node n) throws SQLException {
    return Jdbc.update(
            c,
            """
            UPDATE spooler_node
               SET incarnation = ?,
                   host = ?,
                   started_us = ?,
                   heartbeat_us = ?
             WHERE node_name = ?
               AND incarnation = ?
               AND heartbeat_us = ?
            """,
            ps -> {
              ps.setString(1, n.incarnation());
              ps.setString(2, n.host());
              ps.setLong(3, n.startedUs());
              ps.setLong(4, n.heartbeatUs());
              ps.setString(5, previous.name());
              ps.setString(6, previous.incarnation());
              ps.setLong(7, previous.heartbeatUs());
            })
        == 1;
  }

  /**
   * Records that {@code incarnation} is alive at {@code nowUs} (0: stopped in order); false when
   * the name is no longer this incarnation's.
   */
  public boolean beat(Connection c, String name, String incarnation, long nowUs)
      throws SQLException {
    return Jdbc.update(
            c,
            """
            UPDATE spooler_node
               SET heartbeat_us = ?
             WHERE node_name = ?
               AND incarnation = ?
            """,
            ps -> {
              ps.setLong(1, nowUs);
              ps.setString(2, name);
              ps.setString(3, incarnation);
            })
        == 1;
  }

  /** How many node names have a heartbeat at or after {@code sinceUs}. */
  public int countLive(Connection c, long sinceUs) throws SQLException {
    Integer n =
        Jdbc.first(
            c,
            """
            SELECT COUNT(*)
              FROM spooler_node
             WHERE heartbeat_us >= ?
            """,
            ps -> ps.setLong(1, sinceUs),
            rs -> rs.getInt(1));
    return n == null ? 0 : n;
  }
}
