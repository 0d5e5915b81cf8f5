package org.msgstore.store.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The queue's signal on PostgreSQL: {@code NOTIFY msgstore_queue} with the store's schema as the
 * payload, so stores in several schemas of one database wake only their own spoolers. PostgreSQL
 * delivers a notification only when the announcing transaction commits, and folds repeats of one
 * transaction into one.
 *
 * <p>Notifications reach Java only through the driver's own API ({@code PGConnection}). On the
 * application's datasource the connection is the server's pool wrapper around the server's copy of
 * the driver, whose classes are not the adapter's: the driver's connection is then reached through
 * the wrapper's accessor and read by reflection, which needs no class of the adapter's copy.
 */
final class PostgresQueueChannel implements QueueChannel {
  static final String CHANNEL = "msgstore_queue";

  /** Public accessors of the pools' wrappers to the driver's connection (WildFly, Payara). */
  private static final String[] WRAPPER_ACCESSORS = {"getUnderlyingConnection", "getConnection"};

  private final String payload;

  PostgresQueueChannel(StoreSchema schema) {
    this.payload = schema.name();
  }

  @Override
  public void announce(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      ps.setString(1, CHANNEL);
      ps.setString(2, payload);
      ps.execute();
    }
    if (!c.getAutoCommit()) {
      c.commit();
    }
  }

  @Override
  public Subscription subscribe(Connection c) throws SQLException {
    Object driver = driverConnection(c);
    Method getNotifications = notificationsOf(driver);
    try (Statement s = c.createStatement()) {
      s.execute("LISTEN " + CHANNEL);
    }
    if (!c.getAutoCommit()) {
      c.commit(); // LISTEN takes effect at commit
    }
    return new Subscription() {
      @Override
      public boolean await(Duration timeout) throws SQLException {
        return heard(invoke(getNotifications, driver, timeoutMillis(timeout)));
      }

      @Override
      public void end() throws SQLException {
        try (Statement s = c.createStatement()) {
          s.execute("UNLISTEN " + CHANNEL);
        }
        if (!c.getAutoCommit()) {
          c.commit();
        }
      }
    };
  }

  private boolean heard(Object[] notifications) throws SQLException {
    boolean ours = false;
    for (Object n : notifications) {
      Object parameter = invoke(method(n.getClass(), "getParameter"), n);
      ours |= payload.equals(parameter);
    }
    return ours;
  }

  /** 0 would mean "wait forever" to the driver: a bounded wait is at least a millisecond. */
  private static int timeoutMillis(Duration timeout) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
  }

  private static Object driverConnection(Connection c) throws SQLException {
    Object current = c;
    for (int depth = 0; depth < 4; depth++) {
      if (isDriverConnection(current)) {
        return current;
      }
      Object inner = unwrapped(current);
      if (inner == null || inner == current) {
        break;
      }
      current = inner;
    }
    throw new SQLFeatureNotSupportedException(
        "the connection ("
            + c.getClass().getName()
            + ") does not let the adapter reach the PostgreSQL driver's notifications");
  }

  private static boolean isDriverConnection(Object c) {
    return implementsNamed(c.getClass(), "org.postgresql.PGConnection");
  }

  private static boolean implementsNamed(Class<?> type, String name) {
    for (Class<?> t = type; t != null; t = t.getSuperclass()) {
      for (Class<?> i : t.getInterfaces()) {
        if (i.getName().equals(name) || implementsNamed(i, name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The next connection inside {@code wrapper}, or null when it shows none. */
  private static Object unwrapped(Object wrapper) {
    for (String accessor : WRAPPER_ACCESSORS) {
      try {
        Method m = wrapper.getClass().getMethod(accessor);
        if (Connection.class.isAssignableFrom(m.getReturnType())) {
          return m.invoke(wrapper);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // Not this pool's accessor: try the next.
      }
    }
    return null;
  }

  private static Method notificationsOf(Object driver) throws SQLException {
    try {
      Class<?> api = Class.forName("org.postgresql.PGConnection", false, loaderOf(driver));
      return api.getMethod("getNotifications", int.class);
    } catch (ReflectiveOperationException e) {
      throw new SQLFeatureNotSupportedException(
          "the PostgreSQL driver has no getNotifications(int) (version 42.2 or later needed)", e);
    }
  }

  private static ClassLoader loaderOf(Object driver) {
    ClassLoader loader = driver.getClass().getClassLoader();
    return loader != null ? loader : ClassLoader.getSystemClassLoader();
  }

  /** A public method of a public interface of the driver's (its classes may be package-private). */
  private static Method method(Class<?> type, String name) throws SQLException {
    try {
      Class<?> api = Class.forName("org.postgresql.PGNotification", false, type.getClassLoader());
      return api.getMethod(name);
    } catch (ReflectiveOperationException e) {
      throw new SQLFeatureNotSupportedException("cannot read a PostgreSQL notification", e);
    }
  }

  private static Object[] invoke(Method m, Object target, int millis) throws SQLException {
    Object result = invokeRaw(m, target, millis);
    return result == null ? new Object[0] : (Object[]) result;
  }

  private static Object invoke(Method m, Object target) throws SQLException {
    return invokeRaw(m, target);
  }

  private static Object invokeRaw(Method m, Object target, Object... args) throws SQLException {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw new SQLException("reading PostgreSQL notifications failed: " + e.getCause(), e);
    } catch (IllegalAccessException e) {
      throw new SQLFeatureNotSupportedException("cannot read PostgreSQL notifications", e);
    }
  }
}
