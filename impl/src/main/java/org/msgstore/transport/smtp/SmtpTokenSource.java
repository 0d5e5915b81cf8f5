package org.msgstore.transport.smtp;

/**
 * Where the SMTP transport gets an OAuth2 access token for an XOAUTH2 login, for relays that have
 * turned basic authentication off. Two sources are built in ({@code smtpOAuth2Token} set to the
 * token, or to {@code file:/path}); a source of your own (a token endpoint, a vault) implements
 * this interface, is listed in {@code
 * META-INF/services/org.msgstore.transport.smtp.SmtpTokenSource} of a jar inside msgstore.rar, and
 * is chosen with {@code smtpOAuth2Token=provider:<id>}.
 *
 * <p>Called on a delivery thread each time a new SMTP session logs in (a pooled session keeps its
 * login), so it should answer quickly, caching a token until shortly before it expires. Must be
 * thread-safe and have a public no-argument constructor.
 */
public interface SmtpTokenSource {
  /** The name {@code smtpOAuth2Token=provider:<id>} selects it by. */
  String id();

  /**
   * A current access token.
   *
   * @param user the login name ({@code smtpUser})
   * @param relay the relay's host name, for a source serving several
   * @throws Exception when no token can be had: the login is not attempted and the mail is deferred
   *     with the exception's message (which must not contain a token or secret)
   */
  String accessToken(String user, String relay) throws Exception;
}
