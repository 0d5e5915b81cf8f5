package org.msgstore.ra.management;

import java.lang.management.ManagementFactory;
import java.security.AccessController;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.NotCompliantMBeanException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.security.auth.Subject;
import org.msgstore.EntryId;
import org.msgstore.MapiException;
import org.msgstore.spooler.QueueOperations;
import org.msgstore.store.QueueAdmin;
import org.msgstore.store.QueueAdmin.Selection;

/**
 * Publishes {@link QueueOperations} as {@code org.msgstore:type=Queue}. Its own MBean, apart from
 * {@code type=Spooler}, because it is about the queue every server shares and works where this
 * server runs no spooler, while the spooler's counters are this node's. Registered as a {@link
 * StandardMBean} so JConsole shows each operation's parameter names, not p1, p2.
 */
public final class Queue implements QueueMBean {
  public static final String OBJECT_NAME = "org.msgstore:type=Queue";

  /** How long the gauges are reused: an exporter reads every attribute on each scrape. */
  private static final Duration GAUGES_FRESH = Duration.ofSeconds(1);

  private static final String[] ITEMS = {
    "entryId",
    "mailbox",
    "subject",
    "state",
    "lane",
    "attempts",
    "submitted",
    "nextAttempt",
    "lastError",
    "lockedBy",
    "heldBy"
  };
  private static final CompositeType ITEM;

  static {
    OpenType<?>[] types = new OpenType<?>[ITEMS.length];
    java.util.Arrays.fill(types, SimpleType.STRING);
    types[5] = SimpleType.INTEGER;
    try {
      ITEM = new CompositeType("QueuedMessage", "a queued message", ITEMS, ITEMS, types);
    } catch (OpenDataException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final Map<String, String[]> PARAMETERS =
      Map.ofEntries(
          Map.entry(
              "list",
              new String[] {
                "mailbox", "state", "minAgeSeconds", "lastErrorContains", "offset", "limit"
              }),
          Map.entry("retryNow", new String[] {"entryId"}),
          Map.entry("retryMailbox", new String[] {"mailbox"}),
          Map.entry("retryDomain", new String[] {"domain"}),
          Map.entry("hold", new String[] {"entryId"}),
          Map.entry("release", new String[] {"entryId"}),
          Map.entry("holdMailbox", new String[] {"mailbox"}),
          Map.entry("releaseMailbox", new String[] {"mailbox"}),
          Map.entry("cancel", new String[] {"entryId"}),
          Map.entry("cancelMailbox", new String[] {"mailbox"}),
          Map.entry(
              "cancelSelection",
              new String[] {"mailbox", "state", "minAgeSeconds", "lastErrorContains"}));

  private final QueueOperations operations;
  private volatile QueueAdmin.Gauges gauges;
  private volatile Instant gaugesAt = Instant.MIN;

  private Queue(QueueOperations operations) {
    this.operations = operations;
  }

  /**
   * Registers the operations under {@link #OBJECT_NAME}, replacing a registration an earlier start
   * left behind; returns what {@link Spooler#unregister} needs.
   */
  public static ObjectName register(QueueOperations operations) throws JMException {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = new ObjectName(OBJECT_NAME);
    if (server.isRegistered(name)) {
      server.unregisterMBean(name);
    }
    server.registerMBean(named(new Queue(operations)), name);
    return name;
  }

  private static StandardMBean named(Queue queue) throws NotCompliantMBeanException {
    return new StandardMBean(queue, QueueMBean.class) {
      @Override
      protected String getParameterName(
          MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        String[] names = PARAMETERS.get(op.getName());
        return names != null && sequence < names.length ? names[sequence] : param.getName();
      }
    };
  }

  @Override
  public long getDepth() {
    return gauges().depth();
  }

  @Override
  public long getUrgentDepth() {
    return gauges().urgent();
  }

  @Override
  public long getNormalDepth() {
    return gauges().normal();
  }

  @Override
  public long getNonUrgentDepth() {
    return gauges().nonUrgent();
  }

  @Override
  public long getHeld() {
    return gauges().held();
  }

  @Override
  public long getOldestDueAgeSeconds() {
    return gauges().oldestDueAge().toSeconds();
  }

  @Override
  public String[] getHeldMailboxes() {
    return operations.heldMailboxes().toArray(String[]::new);
  }

  private QueueAdmin.Gauges gauges() {
    Instant now = Instant.now();
    QueueAdmin.Gauges g = gauges;
    if (g == null || now.isAfter(gaugesAt.plus(GAUGES_FRESH))) {
      g = operations.gauges();
      gauges = g;
      gaugesAt = now;
    }
    return g;
  }

  @Override
  public CompositeData[] list(
      String mailbox,
      String state,
      long minAgeSeconds,
      String lastErrorContains,
      int offset,
      int limit) {
    List<QueueAdmin.Item> items =
        operations.list(
            filter(mailbox, state, minAgeSeconds, lastErrorContains), offset, limit, caller());
    CompositeData[] rows = new CompositeData[items.size()];
    for (int i = 0; i < rows.length; i++) {
      QueueAdmin.Item q = items.get(i);
      try {
        rows[i] =
            new CompositeDataSupport(
                ITEM,
                ITEMS,
                new Object[] {
                  q.entryId().toString(),
                  q.mailbox(),
                  q.subject(),
                  q.state(),
                  q.lane(),
                  q.attempts(),
                  q.submitted().toString(),
                  q.nextAttempt().toString(),
                  q.lastError(),
                  q.lockedBy(),
                  q.heldBy()
                });
      } catch (OpenDataException e) {
        throw new IllegalStateException(e);
      }
    }
    return rows;
  }

  @Override
  public String retryNow(String entryId) {
    Selection one = Selection.message(entryId(entryId));
    return oneMessage("retry now", () -> operations.retryNow(one, caller()));
  }

  @Override
  public String retryAllDeferred() {
    return operations.retryNow(Selection.inState("DEFERRED"), caller());
  }

  @Override
  public String retryMailbox(String mailbox) {
    return operations.retryNow(Selection.mailbox(required(mailbox, "mailbox")), caller());
  }

  @Override
  public String retryDomain(String domain) {
    return operations.retryNow(Selection.domain(required(domain, "domain")), caller());
  }

  @Override
  public String hold(String entryId) {
    Selection one = Selection.message(entryId(entryId));
    return oneMessage("hold", () -> operations.hold(one, caller()));
  }

  @Override
  public String release(String entryId) {
    return operations.release(Selection.message(entryId(entryId)), caller());
  }

  @Override
  public String holdMailbox(String mailbox) {
    return operations.holdMailbox(required(mailbox, "mailbox"), caller());
  }

  @Override
  public String releaseMailbox(String mailbox) {
    return operations.releaseMailbox(required(mailbox, "mailbox"), caller());
  }

  @Override
  public String cancel(String entryId) {
    Selection one = Selection.message(entryId(entryId));
    return oneMessage("cancel", () -> operations.cancel(one, caller()));
  }

  /**
   * Runs an operation on one message. Having acted, the operation looks the message up again to say
   * what it did (or why nothing: in delivery, held); a delivery that ends in between takes the
   * message out of the queue, and that lookup's MAPI_E_NOT_FOUND would reach the JMX client as a
   * MapiException, a class it does not have. It is answered as the refusal of a message not in the
   * queue, which it now is.
   */
  private static String oneMessage(String operation, Supplier<String> call) {
    try {
      return call.get();
    } catch (MapiException e) {
      if (e.error() == org.msgstore.MapiError.MAPI_E_NOT_FOUND) {
        ManagementLog.leftTheQueueMeanwhile(operation, caller(), e.getMessage());
        throw new IllegalArgumentException(e.getMessage()); // it starts with the MAPI code
      }
      // Any other failure (the store away, say) is not the race above: the client gets its text,
      // in a class it has, and no line telling the operator the message left the queue.
      throw new IllegalStateException(e.getMessage());
    }
  }

  @Override
  public String cancelMailbox(String mailbox) {
    return operations.cancel(Selection.mailbox(required(mailbox, "mailbox")), caller());
  }

  @Override
  public String cancelSelection(
      String mailbox, String state, long minAgeSeconds, String lastErrorContains) {
    return operations.cancel(filter(mailbox, state, minAgeSeconds, lastErrorContains), caller());
  }

  private static Selection filter(
      String mailbox, String state, long minAgeSeconds, String lastErrorContains) {
    return new Selection(
        null,
        emptyToNull(mailbox),
        emptyToNull(state),
        minAgeSeconds == 0 ? null : Duration.ofSeconds(minAgeSeconds),
        emptyToNull(lastErrorContains),
        null);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String required(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the " + what + " is missing");
    }
    return value.trim();
  }

  /** The entry id as the list shows it; a clear refusal for anything else. */
  private static EntryId entryId(String text) {
    try {
      return EntryId.parse(required(text, "entry id"));
    } catch (MapiException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an entry id (the hexadecimal text the list shows)");
    }
  }

  /**
   * The caller's name where the server put it into the access control context (a JMX connector with
   * authentication does); null otherwise.
   */
  @SuppressWarnings("removal")
  static String caller() {
    try {
      Subject subject = Subject.getSubject(AccessController.getContext());
      if (subject != null) {
        for (Principal p : subject.getPrincipals()) {
          return p.getName();
        }
      }
    } catch (RuntimeException e) {
      // No way to tell on this JVM: the action is still logged, without a name.
    }
    return null;
  }
}
