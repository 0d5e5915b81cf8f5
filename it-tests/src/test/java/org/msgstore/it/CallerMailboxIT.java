package org.msgstore.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.app.CallerMailboxServlet;

/**
 * A web user's request opens only that user's mailbox (issue 19 part 1, mailboxFromCaller): the
 * page {@link CallerMailboxServlet} behind a real BASIC login in the security domain {@value
 * CallerMailboxSetup#DOMAIN}, and the connection definition with elytron-enabled, an authentication
 * context forwarding the caller's identity, and mailboxFromCaller=true ({@link
 * CallerMailboxSetup}). The test logs in over HTTP from the test JVM as each user.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(CallerMailboxSetup.class)
class CallerMailboxIT {
  private static final String APP = "caller";

  @Deployment(name = APP, testable = false)
  static WebArchive app() {
    return ShrinkWrap.create(WebArchive.class, "caller-mailbox-it.war")
        .addClasses(CallerMailboxServlet.class, UnprotectedMailboxServlet.class)
        .addAsWebInfResource(
            new StringAsset(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <login-config>
                    <auth-method>BASIC</auth-method>
                    <realm-name>msgstore</realm-name>
                  </login-config>
                </web-app>
                """),
            "web.xml")
        .addAsWebInfResource(
            new StringAsset(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <jboss-web>
                  <security-domain>%s</security-domain>
                  <resource-ref>
                    <res-ref-name>%s</res-ref-name>
                    <jndi-name>%s</jndi-name>
                  </resource-ref>
                </jboss-web>
                """
                    .formatted(
                        CallerMailboxSetup.DOMAIN,
                        CallerMailboxServlet.MINE,
                        CallerMailboxSetup.MINE_JNDI)),
            "jboss-web.xml")
        .setManifest(
            new StringAsset(
                "Manifest-Version: 1.0\nDependencies: deployment."
                    + MsgStoreAdapterSetup.RAR
                    + "\n"));
  }

  @ArquillianResource private ManagementClient management;

  private static HttpResponse<String> get(URL base, String query, String user, String password)
      throws IOException, InterruptedException {
    return get(base, CallerMailboxServlet.PATH, query, user, password);
  }

  private static HttpResponse<String> get(
      URL base, String path, String query, String user, String password)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    base.toString().replaceAll("/$", "")
                        + path
                        + (query == null ? "" : "?" + query)))
            .timeout(Duration.ofSeconds(30));
    if (user != null) {
      String token =
          Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      request.header("Authorization", "Basic " + token);
    }
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .build()
        .send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> as(URL base, String user, String query)
      throws IOException, InterruptedException {
    return get(base, query, user, CallerMailboxSetup.USERS.get(user));
  }

  @Test
  @RunAsClient
  @OperateOnDeployment(APP)
  void each_logged_in_user_opens_their_own_mailbox_with_getConnection_without_a_name(
      @ArquillianResource URL base) throws Exception {
    HttpResponse<String> alice = as(base, "alice", null);
    assertEquals(200, alice.statusCode(), alice.body());
    assertEquals("alice", alice.body());
    HttpResponse<String> bob = as(base, "bob", null);
    assertEquals(200, bob.statusCode(), bob.body());
    assertEquals("bob", bob.body());
  }

  @Test
  @RunAsClient
  @OperateOnDeployment(APP)
  void a_user_asking_for_another_users_mailbox_is_refused_with_MAPI_E_NO_ACCESS(
      @ArquillianResource URL base) throws Exception {
    HttpResponse<String> r = as(base, "alice", "mailbox=bob");
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(
        r.body()
            .startsWith(
                "MAPI_E_NO_ACCESS (0x80070005): MSGS1064: mailbox 'bob' is not the caller's own"
                    + " mailbox 'alice'"),
        r.body());
    assertEquals("alice", as(base, "alice", "mailbox=alice").body());
    List<String> log = Management.serverLog(management);
    assertTrue(
        log.stream().anyMatch(l -> l.contains("MSGS1064") && l.contains("mailbox 'bob'")),
        "MSGS1064 in the server log");
  }

  @Test
  @RunAsClient
  @OperateOnDeployment(APP)
  void without_a_login_or_with_a_wrong_password_the_page_is_not_reached(
      @ArquillianResource URL base) throws Exception {
    assertEquals(401, get(base, null, null, null).statusCode());
    assertEquals(401, get(base, null, "alice", "wrong").statusCode());
  }

  @Test
  @RunAsClient
  @OperateOnDeployment(APP)
  void a_request_nobody_logged_in_to_opens_no_mailbox(@ArquillianResource URL base)
      throws Exception {
    HttpResponse<String> r = get(base, UnprotectedMailboxServlet.PATH, null, null, null);
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains("MSGS1064"), r.body());
  }
}
