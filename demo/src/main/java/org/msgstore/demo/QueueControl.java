package org.msgstore.demo;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * The adapter's queue MBean {@code org.msgstore:type=Queue} as the page uses it: its gauges, a
 * filtered page of the queue, and the operator's actions (each answered with the sentence the MBean
 * returns). Through the JDK's JMX API, like {@link SpoolerStatus}: the client API has no queue
 * operations, an operator's tools reach them over JMX.
 */
final class QueueControl {
  private static final String NAME = "org.msgstore:type=Queue";

  private static final String[] GAUGES = {
    "Depth", "UrgentDepth", "NormalDepth", "NonUrgentDepth", "Held", "OldestDueAgeSeconds"
  };

  /** The operations the page offers, each with one String argument (the entry id or mailbox). */
  static final Set<String> ONE_ARGUMENT =
      Set.of(
          "retryNow",
          "hold",
          "release",
          "cancel",
          "holdMailbox",
          "releaseMailbox",
          "retryMailbox",
          "cancelMailbox");

  private QueueControl() {}

  /** The gauges and held mailboxes; {@code available} false with the reason when unreadable. */
  static Map<String, Object> gauges() {
    Map<String, Object> g = new LinkedHashMap<>();
    try {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName name = new ObjectName(NAME);
      for (String attribute : GAUGES) {
        g.put(
            Character.toLowerCase(attribute.charAt(0)) + attribute.substring(1),
            server.getAttribute(name, attribute));
      }
      g.put("heldMailboxes", server.getAttribute(name, "HeldMailboxes"));
      g.put("available", true);
    } catch (JMException | RuntimeException e) {
      g.put("available", false);
      g.put("problem", "cannot read " + NAME + ": " + reason(e));
    }
    return g;
  }

  /** A page of the queue; an unknown state or a bad page is an IllegalArgumentException. */
  static List<Map<String, Object>> list(
      String mailbox, String state, String lastError, int offset, int limit) {
    CompositeData[] rows =
        (CompositeData[])
            invoke(
                "list",
                new Object[] {blank(mailbox), blank(state), 0L, blank(lastError), offset, limit},
                new String[] {
                  String.class.getName(),
                  String.class.getName(),
                  "long",
                  String.class.getName(),
                  "int",
                  "int"
                });
    List<Map<String, Object>> items = new ArrayList<>();
    for (CompositeData row : rows) {
      Map<String, Object> item = new LinkedHashMap<>();
      for (String key : row.getCompositeType().keySet()) {
        item.put(key, row.get(key));
      }
      items.add(item);
    }
    return items;
  }

  /** Runs {@code operation}; returns what it did. A refusal is an IllegalArgumentException. */
  static String act(String operation, String argument) {
    if ("retryAllDeferred".equals(operation)) {
      return (String) invoke(operation, new Object[0], new String[0]);
    }
    if (!ONE_ARGUMENT.contains(operation)) {
      throw new IllegalArgumentException("no queue operation '" + operation + "'");
    }
    return (String)
        invoke(operation, new Object[] {argument}, new String[] {String.class.getName()});
  }

  private static Object invoke(String operation, Object[] arguments, String[] signature) {
    try {
      return ManagementFactory.getPlatformMBeanServer()
          .invoke(new ObjectName(NAME), operation, arguments, signature);
    } catch (JMException | RuntimeException e) {
      throw new IllegalArgumentException(reason(e), e);
    }
  }

  /** The innermost message: the MBean's reason, not the JMX wrapper's. */
  private static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  private static String blank(String s) {
    return s == null ? "" : s.trim();
  }
}
