package org.msgstore.transport.smtp;

/**
 * A token source of the kind an operator adds (a vault, a token endpoint), registered in the test
 * class path's {@code META-INF/services/org.msgstore.transport.smtp.SmtpTokenSource}.
 */
public final class VaultTokenSource implements SmtpTokenSource {
  @Override
  public String id() {
    return "test-vault";
  }

  @Override
  public String accessToken(String user, String relay) {
    return "vault-token-for-" + user + "-at-" + relay;
  }
}
