package org.msgstore.ra.access;

import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.security.PasswordCredential;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.security.auth.Subject;

/**
 * The caller's name in the Subject a server passes with container-managed sign-on. Both servers put
 * a {@link PasswordCredential} there: WildFly (Elytron) with the name its authentication context
 * gives, without naming the factory; Payara with the name its security map gives, naming the
 * factory. A credential for another factory is not ours to read. Without a credential, a Subject
 * holding exactly one principal name names the caller; several would make the choice a guess.
 */
final class CallerIdentity {
  private CallerIdentity() {}

  /** The caller's name, or null with {@code why} told what was missing. */
  static String name(Subject subject, ManagedConnectionFactory mcf, StringBuilder why) {
    if (subject == null) {
      why.append("the server passed no Subject (no container-managed sign-on)");
      return null;
    }
    for (PasswordCredential pc : subject.getPrivateCredentials(PasswordCredential.class)) {
      ManagedConnectionFactory target = pc.getManagedConnectionFactory();
      // An empty name is a server's "no user" (a pool without a default principal), not a caller.
      if ((target == null || target.equals(mcf))
          && pc.getUserName() != null
          && !pc.getUserName().isEmpty()) {
        return pc.getUserName();
      }
    }
    Set<String> names = new TreeSet<>();
    for (Principal p : subject.getPrincipals()) {
      if (p.getName() != null && !p.getName().isEmpty()) {
        names.add(p.getName());
      }
    }
    if (names.size() == 1) {
      return names.iterator().next();
    }
    why.append(
        names.isEmpty()
            ? "the server's Subject names no caller"
            : "the server's Subject holds no PasswordCredential and several principals " + names);
    why.append(" (").append(credentials(subject, mcf)).append(")");
    return null;
  }

  /**
   * What the Subject held instead, for the administrator: the user names of its credentials and
   * whom they were for, never a password.
   */
  private static String credentials(Subject subject, ManagedConnectionFactory mcf) {
    List<String> shown = new ArrayList<>();
    for (PasswordCredential pc : subject.getPrivateCredentials(PasswordCredential.class)) {
      ManagedConnectionFactory target = pc.getManagedConnectionFactory();
      shown.add(
          "'"
              + pc.getUserName()
              + "'"
              + (target == null || target.equals(mcf) ? "" : " for another connection definition"));
    }
    return "PasswordCredential user names "
        + shown
        + ", principals "
        + subject.getPrincipals().size();
  }
}
