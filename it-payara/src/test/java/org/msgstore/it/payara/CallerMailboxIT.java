package org.msgstore.it.payara;

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
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.msgstore.it.app.CallerMailboxServlet;

/**
 * A web user's request opens only that user's mailbox on Payara (mailboxFromCaller): the page
 * {@link CallerMailboxServlet} behind a real BASIC login in the domain's {@code file} realm, and
 * the connector pool with mailboxFromCaller=true and a security map per user ({@link
 * CallerMailboxSetup}). The test logs in over HTTP from the test JVM as each user.
 */
@ExtendWith({PayaraDomain.class, CallerMailboxSetup.class, ArquillianExtension.class})
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
                    <realm-name>file</realm-name>
                  </login-config>
                </web-app>
                """),
            "web.xml")
        // The role to the realm's group (Payara maps no principal to a role by default), and the
        // resource-ref to the connector resource, which also lets the war see the rar's API.
        .addAsWebInfResource(
            new StringAsset(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE glassfish-web-app PUBLIC "-//GlassFish.org//DTD GlassFish Application Server 3.1 Servlet 3.0//EN"
                  "http://glassfish.org/dtds/glassfish-web-app_3_0-1.dtd">
                <glassfish-web-app>
                  <security-role-mapping>
                    <role-name>%1$s</role-name>
                    <group-name>%1$s</group-name>
                  </security-role-mapping>
                  <resource-ref>
                    <res-ref-name>%2$s</res-ref-name>
                    <jndi-name>%3$s</jndi-name>
                  </resource-ref>
                </glassfish-web-app>
                """
                    .formatted(
                        CallerMailboxServlet.ROLE,
                        CallerMailboxServlet.MINE,
                        CallerMailboxSetup.MINE_RESOURCE)),
            "glassfish-web.xml");
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
    return get(base, CallerMailboxServlet.PATH, query, user, CallerMailboxSetup.USERS.get(user));
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
    assertEquals("alice", as(base, "alice", null).body(), "alice again, after bob");
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
    assertTrue(
        Payara.INSTANCE.serverLog().stream()
            .anyMatch(l -> l.contains("MSGS1064") && l.contains("mailbox 'bob'")),
        "MSGS1064 in the server log");
  }

  @Test
  @RunAsClient
  @OperateOnDeployment(APP)
  void a_logged_in_user_without_a_security_map_opens_no_mailbox(@ArquillianResource URL base)
      throws Exception {
    HttpResponse<String> r = as(base, "carol", null);
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains("MSGS1064") && r.body().contains("names no caller"), r.body());
  }

  @Test
  @RunAsClient
  @OperateOnDeployment(APP)
  void without_a_login_or_with_a_wrong_password_the_page_is_not_reached(
      @ArquillianResource URL base) throws Exception {
    assertEquals(401, get(base, CallerMailboxServlet.PATH, null, null, null).statusCode());
    assertEquals(401, get(base, CallerMailboxServlet.PATH, null, "alice", "wrong").statusCode());
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
