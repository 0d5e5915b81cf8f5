package org.msgstore.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema that holds the store's tables when it is not the connection's default one: in the
 * application's own database the store keeps to a schema of its own (MariaDB: a database of its
 * own), so tables the application calls {@code message} or {@code folder} are never touched.
 *
 * <p>The store's SQL names its tables unqualified, exactly as the migrations create them (Flyway
 * runs them with this schema as the current one). A connection from {@link #qualify} writes the
 * schema in front of every table and function name of the statements it prepares. The schema is
 * never made the connection's current one at run time: in the application's transaction the
 * connection is the application's too, and its own statements must keep finding its own tables.
 */
public final class StoreSchema {
  /** A lower-case identifier: unquoted, so every database and Flyway spell it alike. */
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** The store's tables where a statement names one (every table the migrations create). */
  private static final Pattern TABLE =
      Pattern.compile(
          "\\b(FROM|JOIN|INTO|UPDATE)(\\s+)(mailbox|folder|message|recipient|attachment|outgoing_queue|spooler_node|suppressed_address|late_report)\\b");

  /** The store's SQL functions (PostgreSQL's V1 migration), where a statement calls one. */
  private static final Pattern FUNCTION = Pattern.compile("(?<![\\w.])(msgstore_lo_copy)(\\s*\\()");

  /** Statements are few and fixed, except IN lists: the cache stops growing here. */
  private static final int CACHE_LIMIT = 1_000;

  private static final StoreSchema DEFAULT = new StoreSchema("");

  private final String name;
  private final Map<String, String> qualified = new ConcurrentHashMap<>();

  private StoreSchema(String name) {
    this.name = name;
  }

  /**
   * The schema {@code name}, or the connection's default when it is empty.
   *
   * @throws IllegalArgumentException when the name is not a lower-case SQL identifier
   */
  public static StoreSchema named(String name) {
    if (name.isEmpty()) {
      return DEFAULT;
    }
    Optional<String> problem = problem(name);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
    return new StoreSchema(name);
  }

  /** What is wrong with {@code name} as a store schema, if anything (for the adapter's checks). */
  public static Optional<String> problem(String name) {
    if (name.isEmpty() || NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        "storeSchema '"
            + name
            + "' is not a lower-case SQL identifier (letters a-z, digits and '_', not starting with a"
            + " digit, at most 63 characters)");
  }

  /** The schema's name; empty for the connection's default. */
  public String name() {
    return name;
  }

  public boolean isDefault() {
    return name.isEmpty();
  }

  /**
   * {@code connection}, preparing the store's statements against this schema; closing it closes
   * {@code connection}. The connection's default schema returns {@code connection} itself.
   */
  public Connection qualify(Connection connection) {
    if (isDefault()) {
      return connection;
    }
    return (Connection)
        Proxy.newProxyInstance(
            StoreSchema.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new Qualifying(connection));
  }

  /** {@code sql} with this schema written in front of the store's table and function names. */
  String qualify(String sql) {
    if (isDefault()) {
      return sql;
    }
    String cached = qualified.get(sql);
    if (cached != null) {
      return cached;
    }
    String result = replace(FUNCTION, replace(TABLE, sql, 3), 1);
    if (qualified.size() < CACHE_LIMIT) {
      qualified.put(sql, result);
    }
    return result;
  }

  private String replace(Pattern pattern, String sql, int nameGroup) {
    Matcher m = pattern.matcher(sql);
    StringBuilder out = new StringBuilder(sql.length() + 32);
    while (m.find()) {
      StringBuilder replacement = new StringBuilder();
      for (int g = 1; g <= m.groupCount(); g++) {
        if (g == nameGroup) {
          replacement.append(name).append('.');
        }
        replacement.append(m.group(g));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement.toString()));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Override
  public String toString() {
    return isDefault() ? "(the connection's default schema)" : name;
  }

  /** Rewrites the SQL of prepareStatement and prepareCall; everything else goes through as is. */
  private final class Qualifying implements InvocationHandler {
    private final Connection target;

    Qualifying(Connection target) {
      this.target = target;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String m = method.getName();
      if ((m.equals("prepareStatement") || m.equals("prepareCall"))
          && args != null
          && args[0] instanceof String sql) {
        args[0] = qualify(sql);
      } else if (m.equals("equals") && args != null && args.length == 1) {
        return proxy == args[0];
      } else if (m.equals("hashCode") && args == null) {
        return System.identityHashCode(proxy);
      }
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
