package org.msgstore.cdi;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Names the mailbox of an injected connection, {@code @Inject @Mailbox("shop")
 * MessageStoreConnection shop;}, and of observed new mail, {@code void
 * onNewMail(@Observes @Mailbox("shop") NewMailEvent e)}. The value is part of the qualifier: an
 * observer hears only its mailbox, and each mailbox named at an injection point gets its own bean.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD, TYPE})
public @interface Mailbox {
  /** The mailbox name, as given to {@code MessageStoreConnectionFactory.getConnection(String)}. */
  String value();

  /** {@code @Mailbox(name)} as a value, for {@code Instance.select} and {@code Event.select}. */
  final class Literal extends AnnotationLiteral<Mailbox> implements Mailbox {
    private static final long serialVersionUID = 1L;
    private final String value;

    private Literal(String value) {
      this.value = value;
    }

    public static Literal of(String mailbox) {
      return new Literal(mailbox);
    }

    @Override
    public String value() {
      return value;
    }
  }
}
