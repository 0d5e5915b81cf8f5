package org.msgstore.ra.management;

import java.lang.management.ManagementFactory;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.msgstore.MapiException;
import org.msgstore.bounce.SuppressionAdmin;
import org.msgstore.store.SuppressionList;

/** Publishes {@link SuppressionAdmin} on the platform MBeanServer. */
public final class SuppressionListAdmin implements SuppressionListAdminMBean {
  public static final String OBJECT_NAME = "org.msgstore:type=SuppressionList";

  private static final String[] ITEMS = {
    "address", "reason", "source", "messageId", "since", "expires"
  };
  private static final CompositeType ENTRY;

  static {
    try {
      OpenType<?>[] types = {
        SimpleType.STRING,
        SimpleType.STRING,
        SimpleType.STRING,
        SimpleType.LONG,
        SimpleType.STRING,
        SimpleType.STRING
      };
      ENTRY =
          new CompositeType(
              "SuppressedAddress", "an address on the suppression list", ITEMS, ITEMS, types);
    } catch (OpenDataException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final SuppressionAdmin admin;

  private SuppressionListAdmin(SuppressionAdmin admin) {
    this.admin = admin;
  }

  /** Registers under {@link #OBJECT_NAME}, replacing what an earlier start left behind. */
  public static ObjectName register(SuppressionAdmin admin) throws JMException {
    return Registration.replace(OBJECT_NAME, new SuppressionListAdmin(admin));
  }

  @Override
  public long getCount() {
    try {
      return admin.count();
    } catch (MapiException e) {
      throw new IllegalStateException(e.getMessage());
    }
  }

  @Override
  public CompositeData[] list(int offset, int limit) {
    List<SuppressionList.Entry> page;
    try {
      page = admin.page(offset, limit);
    } catch (MapiException e) {
      throw new IllegalStateException(e.getMessage());
    }
    CompositeData[] rows = new CompositeData[page.size()];
    for (int i = 0; i < rows.length; i++) {
      SuppressionList.Entry e = page.get(i);
      try {
        rows[i] =
            new CompositeDataSupport(
                ENTRY,
                ITEMS,
                new Object[] {
                  e.address(),
                  e.reason(),
                  e.source().name(),
                  e.messageId().orElse(-1L),
                  e.since().toString(),
                  e.expires().map(Object::toString).orElse("")
                });
      } catch (OpenDataException x) {
        throw new IllegalStateException(x);
      }
    }
    return rows;
  }

  @Override
  public String add(String address, String reason) {
    SuppressionList.Entry e = admin.add(address, reason);
    return e.address() + " suppressed since " + e.since() + ": " + e.reason();
  }

  @Override
  public boolean remove(String address) {
    try {
      return admin.remove(address);
    } catch (MapiException e) {
      throw new IllegalStateException(e.getMessage());
    }
  }

  @Override
  public int purgeExpired() {
    try {
      return admin.purgeExpired();
    } catch (MapiException e) {
      throw new IllegalStateException(e.getMessage());
    }
  }

  /** Registering and unregistering by name on the platform MBeanServer. */
  static final class Registration {
    private Registration() {}

    static ObjectName replace(String objectName, Object bean) throws JMException {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      ObjectName name = new ObjectName(objectName);
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
      server.registerMBean(bean, name);
      return name;
    }
  }
}
