package org.msgstore.cdi;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessInjectionPoint;
import jakarta.inject.Inject;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.msgstore.Compose;
import org.msgstore.MessageStoreConnection;

/**
 * Gives each mailbox named at an injection point, {@code @Mailbox("shop")}, its beans: the {@link
 * MessageStoreConnection} ({@link InjectedMailbox}) and a fresh {@link Compose} on it. The mailbox
 * is part of the qualifier, so one bean per name is added once the names are known.
 */
public class MailboxExtension implements Extension {
  /** This jar's beans. */
  private static final List<Class<?>> BEANS =
      List.of(
          FactoryLookup.class,
          FactoryProducer.class,
          Handles.class,
          RequestHandles.class,
          MailboxScopeInterceptor.class);

  private final Set<String> mailboxes = new TreeSet<>();

  /**
   * Adds this jar's beans itself, rather than through a beans.xml: a bean archive in WEB-INF/lib is
   * a module of its own to Payara, and the beans this extension adds below would not see it.
   */
  void addTypes(@Observes BeforeBeanDiscovery event) {
    for (Class<?> bean : BEANS) {
      event.addAnnotatedType(bean, bean.getName());
    }
  }

  /** Puts {@link MailboxScope} on each bean class that injects a {@code @Mailbox}. */
  <T> void bindScope(@Observes ProcessAnnotatedType<T> event) {
    AnnotatedType<T> type = event.getAnnotatedType();
    boolean injectsMailbox =
        type.getFields().stream().anyMatch(f -> f.isAnnotationPresent(Mailbox.class))
            || type.getConstructors().stream()
                .anyMatch(c -> c.getParameters().stream().anyMatch(MailboxExtension::isMailbox))
            || type.getMethods().stream()
                .filter(m -> m.isAnnotationPresent(Inject.class))
                .anyMatch(m -> m.getParameters().stream().anyMatch(MailboxExtension::isMailbox));
    if (injectsMailbox) {
      event.configureAnnotatedType().add(MailboxScope.Literal.INSTANCE);
    }
  }

  private static boolean isMailbox(AnnotatedParameter<?> parameter) {
    return parameter.isAnnotationPresent(Mailbox.class);
  }

  void collect(@Observes ProcessInjectionPoint<?, ?> event) {
    InjectionPoint point = event.getInjectionPoint();
    for (Annotation qualifier : point.getQualifiers()) {
      if (qualifier instanceof Mailbox mailbox) {
        synchronized (mailboxes) {
          mailboxes.add(mailbox.value());
        }
      }
    }
  }

  void addBeans(@Observes AfterBeanDiscovery event) {
    synchronized (mailboxes) {
      for (String mailbox : mailboxes) {
        Mailbox qualifier = Mailbox.Literal.of(mailbox);
        event
            .<InjectedMailbox>addBean()
            .beanClass(InjectedMailbox.class)
            .types(MessageStoreConnection.class, AutoCloseable.class, Object.class)
            .qualifiers(qualifier)
            .scope(Dependent.class)
            .produceWith(beans -> connection(mailbox, beans.select(Handles.class).get()));
        event
            .<Compose>addBean()
            .beanClass(Compose.class)
            .types(Compose.class, Object.class)
            .qualifiers(qualifier)
            .scope(Dependent.class)
            .produceWith(
                beans -> Compose.in(connection(mailbox, beans.select(Handles.class).get())));
      }
    }
  }

  /** The mailbox names injected in this application (for tests and the new-mail bridge). */
  Set<String> mailboxes() {
    synchronized (mailboxes) {
      return Set.copyOf(mailboxes);
    }
  }

  private static InjectedMailbox connection(String mailbox, Handles handles) {
    return new InjectedMailbox(mailbox, handles::current);
  }
}
