package org.msgstore.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that takes more than about five seconds (a child JVM that is halted, a 50 MB attachment,
 * 10,000 messages): {@code mvn -Pfast} leaves it out so the fast layer stays under a minute; {@code
 * mvn -B verify} (CI) runs it. See CONTRIBUTING.md.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag(Slow.TAG)
public @interface Slow {
  /** The JUnit tag, as {@code -Pfast} excludes it ({@code excludedGroups}). */
  String TAG = "slow";
}
