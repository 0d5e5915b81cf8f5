package org.msgstore.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.msgstore.MessageStoreConnectionFactory;

/**
 * {@code @Inject MessageStoreConnectionFactory}: the admin-created factory (see {@link FactoryName}
 * for where it is looked for). Its connections are the application's to close, as with
 * {@code @Resource}.
 */
@ApplicationScoped
class FactoryProducer {
  @Inject FactoryLookup lookup;

  @Produces
  @Dependent
  MessageStoreConnectionFactory factory() {
    return lookup.factory();
  }
}
