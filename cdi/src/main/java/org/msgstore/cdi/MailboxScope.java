package org.msgstore.cdi;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Binds {@link MailboxScopeInterceptor} to each bean that injects a {@code @Mailbox}; {@link
 * MailboxExtension} adds it, applications never write it. Public only for the container.
 */
@InterceptorBinding
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface MailboxScope {
  /** The binding as a value, for the extension. */
  final class Literal extends AnnotationLiteral<MailboxScope> implements MailboxScope {
    private static final long serialVersionUID = 1L;
    static final Literal INSTANCE = new Literal();

    private Literal() {}
  }
}
