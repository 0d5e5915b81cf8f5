package org.msgstore.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;

/** An MBean whose attributes are what the test puts in: the adapter's MBeans without an adapter. */
final class FakeMBean implements DynamicMBean {
  final Map<String, Object> attributes = new ConcurrentHashMap<>();

  FakeMBean with(String name, Object value) {
    attributes.put(name, value);
    return this;
  }

  @Override
  public Object getAttribute(String name) throws AttributeNotFoundException {
    Object value = attributes.get(name);
    if (value == null) {
      throw new AttributeNotFoundException(name);
    }
    return value;
  }

  @Override
  public void setAttribute(Attribute attribute) {
    throw new UnsupportedOperationException();
  }

  @Override
  public AttributeList getAttributes(String[] names) {
    AttributeList list = new AttributeList();
    for (String n : names) {
      if (attributes.containsKey(n)) {
        list.add(new Attribute(n, attributes.get(n)));
      }
    }
    return list;
  }

  @Override
  public AttributeList setAttributes(AttributeList attributes) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Object invoke(String action, Object[] params, String[] signature) {
    throw new UnsupportedOperationException(action);
  }

  @Override
  public MBeanInfo getMBeanInfo() {
    MBeanAttributeInfo[] infos =
        attributes.keySet().stream()
            .map(n -> new MBeanAttributeInfo(n, "long", n, true, false, false))
            .toArray(MBeanAttributeInfo[]::new);
    return new MBeanInfo(FakeMBean.class.getName(), "test", infos, null, null, null);
  }
}
