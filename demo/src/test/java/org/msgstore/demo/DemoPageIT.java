package org.msgstore.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo as a person uses it: WildFly prepared and started by the same script demo.sh uses
 * (src/main/wildfly/server.sh, with a port offset so a running demo does not collide), the page
 * driven in headless Chromium. Where Chromium is missing the class is skipped (with how to enable
 * it), except under CI=true, where it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoPageIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final int PORT_OFFSET = 100;
  private static final String URL = "http://127.0.0.1:" + (8080 + PORT_OFFSET) + "/msgstore-demo/";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Path target = Path.of(System.getProperty("demo.target", "target"));
  private Process server;
  private WebDriver browser;
  private WebDriverWait wait;

  @BeforeAll
  void startServerAndBrowser() throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String how =
          "DemoPageIT needs "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + ": apt-get install chromium chromium-driver (Debian), or run .ci/run, which installs them";
      if ("true".equals(System.getenv("CI"))) {
        fail(how);
      }
      Assumptions.abort(how);
    }
    String script = System.getProperty("demo.script", "src/main/wildfly/server.sh");
    Process prepare =
        new ProcessBuilder("bash", script, "prepare", target.toString(), "it-server")
            .redirectErrorStream(true)
            .redirectOutput(target.resolve("it-server-prepare.log").toFile())
            .start();
    if (!prepare.waitFor(120, TimeUnit.SECONDS) || prepare.exitValue() != 0) {
      fail(
          "server.sh prepare failed: " + Files.readString(target.resolve("it-server-prepare.log")));
    }
    Path log = target.resolve("it-server.log");
    server =
        new ProcessBuilder(
                "bash",
                script,
                "run",
                target.toString(),
                "it-server",
                "-Djboss.socket.binding.port-offset=" + PORT_OFFSET,
                "-Dmsgstore.demo.smtpPort=2625",
                "-Dmsgstore.demo.imapPort=2743")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    awaitStatusPage(log);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    Path profile = Files.createTempDirectory(target, "chromium-profile");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--window-size=1280,1500",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, WAIT);
    browser.get(URL);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("orders"), "0"));
  }

  /** Polls the REST status endpoint until the war answers; fails early when the server died. */
  private void awaitStatusPage(Path log) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(URL + "api/status"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        fail("WildFly exited with " + server.exitValue() + "; log: " + tail(log));
      }
      if (Files.readString(log).contains("WFLYSRV0026")) {
        fail("WildFly started with errors (a deployment failed); log: " + tail(log));
      }
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    fail("the demo did not answer at " + URL + " within 150 s; log: " + tail(log));
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      List<ProcessHandle> children = server.descendants().toList();
      server.destroy();
      children.forEach(ProcessHandle::destroy);
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
      }
      for (ProcessHandle child : children) {
        child.onExit().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @Order(1)
  void
      a_committed_submit_reaches_sent_items_the_smtp_server_and_the_local_mailbox_with_a_delivery_report()
          throws Exception {
    Path attachment =
        Files.writeString(target.resolve("invoice-4711.txt"), "Invoice 4711: 3 items\n");
    compose("bob, carol@example.com", "Order 4711 confirmed");
    browser.findElement(By.id("body")).sendKeys("Thank you for your order.");
    browser.findElement(By.id("attachment")).sendKeys(attachment.toAbsolutePath().toString());
    browser.findElement(By.id("deliveryReport")).click();
    send();

    assertResult("ok", "Committed");
    awaitText("sent", "Order 4711 confirmed");
    awaitText("smtp", "Order 4711 confirmed");
    awaitText("inbox", "Delivered: Order 4711 confirmed");
    awaitText("inbox", "Report.IPM.Note.DR");
    assertFalse(
        text("outbox").contains("Order 4711"), "the Outbox is empty once sent: " + text("outbox"));
    assertEquals("1", text("orders"));
    new WebDriverWait(browser, WAIT)
        .withMessage("the spooler status never counted a delivery")
        .until(d -> !text("spooler-delivered").equals("0"));
    // Bob's Inbox got the local delivery (address type MSGSTORE).
    setMailbox("bob");
    awaitText("inbox", "Order 4711 confirmed");
    setMailbox("alice");
  }

  @Test
  @Order(2)
  void a_forced_rollback_leaves_no_order_and_sends_nothing() {
    compose("carol@example.com", "Order 4712 rolled back");
    browser.findElement(By.id("forceRollback")).click();
    send();
    assertResult("rolledback", "rolled back");

    // A committed message submitted afterwards arrives; the rolled-back one, queued before it if
    // at all, never does: the queue is ordered by submit time.
    browser.findElement(By.id("forceRollback")).click();
    compose("carol@example.com", "Order 4713 after the rollback");
    send();
    assertResult("ok", "Committed");
    awaitText("smtp", "Order 4713 after the rollback");
    awaitText("sent", "Order 4713 after the rollback");
    for (String table : new String[] {"outbox", "sent", "inbox", "smtp"}) {
      assertFalse(
          text(table).contains("Order 4712"),
          table + " shows the rolled-back message: " + text(table));
    }
    assertEquals("2", text("orders"), "only the committed orders");
    screenshot();
  }

  @Test
  @Order(3)
  void bad_input_shows_the_MapiException_and_its_code_on_the_page() {
    compose("carol@exa mple.com", "Order 4714 bad address");
    send();
    assertResult("error", "MAPI_E_INVALID_PARAMETER 0x80070057");
    assertTrue(text("result").contains("carol@exa mple.com"), text("result"));
    assertFalse(text("result").contains("Exception"), "no stack trace: " + text("result"));

    compose("carol@example.com", "ignored");
    ((JavascriptExecutor) browser)
        .executeScript(
            "document.getElementById('subject').value = 'Order 4715\\nBcc: eve@example.com'");
    send();
    assertResult("error", "PR_SUBJECT must be a single line");
    assertEquals("2", text("orders"), "refused input commits no order");
  }

  @Test
  @Order(4)
  void
      a_deferred_message_waits_in_the_outbox_flagged_submitted_and_delete_after_submit_is_not_filed() {
    compose("carol@example.com", "Order 4716 deferred");
    setField("defer", "5");
    send();
    assertResult("ok", "Committed");
    awaitText("outbox", "Order 4716 deferred");
    awaitText("outbox", "submitted (0xc SUBMIT|UNSENT)");
    awaitText("queue", "WAITING"); // the outgoing queue shows it waiting for its deferred send time
    setField("defer", "0");

    compose("carol@example.com", "Order 4717 not filed");
    browser.findElement(By.id("deleteAfterSubmit")).click();
    send();
    assertResult("ok", "Committed");
    awaitText("smtp", "Order 4717 not filed");
    assertFalse(
        text("sent").contains("Order 4717"),
        "PR_DELETE_AFTER_SUBMIT: not in Sent Items: " + text("sent"));
    assertFalse(text("smtp").contains("Order 4716"), "the deferred message was sent early");
  }

  @Test
  @Order(5)
  void a_cross_site_post_is_refused_and_commits_nothing() throws Exception {
    String body = "{\"to\":\"carol@example.com\",\"subject\":\"Order 4718 cross-site\"}";
    String before = ordersIn(get("/msgstore-demo/api/status", HOST));
    // What a form or a no-cors fetch on another site can send: no custom header, text/plain.
    assertStatus(
        403,
        post(HOST, "Origin: http://evil.example\r\nContent-Type: text/plain\r\n", body),
        "cross-site");
    // Even with the page's header (a script elsewhere cannot set it without CORS, never granted).
    assertStatus(
        403,
        post(
            HOST,
            "Origin: http://evil.example\r\nContent-Type: application/json\r\n"
                + "X-MsgStore-Demo: 1\r\n",
            body),
        "evil.example");
    assertStatus(
        403,
        post(HOST, "Sec-Fetch-Site: cross-site\r\nContent-Type: application/json\r\n", body),
        "cross-site");
    // Without Origin and without the page's header (an old browser's form post).
    assertStatus(403, post(HOST, "Content-Type: application/json\r\n", body), "X-MsgStore-Demo");
    assertEquals(before, ordersIn(get("/msgstore-demo/api/status", HOST)), "nothing committed");

    // The page's own request is taken.
    assertStatus(
        200,
        post(
            HOST,
            "Origin: http://"
                + HOST
                + "\r\nContent-Type: application/json\r\n"
                + "X-MsgStore-Demo: 1\r\n",
            body.replace("4718 cross-site", "4718 same origin")),
        "Committed");
  }

  @Test
  @Order(6)
  void a_request_naming_a_host_other_than_loopback_is_refused() throws Exception {
    // A page whose own name was rebound to 127.0.0.1 reaches the server with that name.
    assertStatus(403, get("/msgstore-demo/", "evil.example:" + PORT), "loopback");
    assertStatus(403, get("/msgstore-demo/api/status", "rebind.attacker.example"), "loopback");
    assertStatus(
        403,
        post(
            "evil.example:" + PORT,
            "Origin: http://evil.example:"
                + PORT
                + "\r\nContent-Type: application/json\r\n"
                + "X-MsgStore-Demo: 1\r\n",
            "{\"to\":\"carol@example.com\",\"subject\":\"Order 4720 rebound\"}"),
        "loopback");
    assertStatus(200, get("/msgstore-demo/api/status", "localhost:" + PORT), "spooler");
    assertStatus(200, get("/msgstore-demo/api/status", "[::1]:" + PORT), "spooler");
  }

  @Test
  @Order(7)
  void a_GET_creates_no_mailbox_not_even_from_an_img_tag() throws Exception {
    // What <img src=".../api/mailboxes/mallory/folders/inbox"> on any page would request.
    assertStatus(
        404, get("/msgstore-demo/api/mailboxes/mallory/folders/inbox", HOST), "does not exist");
    // Had that GET created it, this local delivery would arrive; it gets an NDR instead.
    compose("mallory", "Order 4719 to nobody");
    send();
    assertResult("ok", "Committed");
    awaitText("inbox", "Report.IPM.Note.NDR");
  }

  @Test
  @Order(8)
  void a_message_sent_with_reply_to_arrives_with_it_and_signed_with_dkim_for_the_demo_domain() {
    compose("carol@example.com", "Order 4721 with Reply-To");
    browser.findElement(By.id("replyTo")).sendKeys("Shop service <service@example.com>");
    send();
    assertResult("ok", "Committed");
    String row = awaitSmtpRow("Order 4721 with Reply-To", "d=msgstore.local");
    assertTrue(row.contains("Shop service <service@example.com>"), "Reply-To shown: " + row);
    assertTrue(row.contains("s=demo"), "signed with the demo's selector: " + row);
    assertTrue(row.contains("a=rsa-sha256"), "rsa-sha256: " + row);
    assertTrue(row.matches("(?si).*\\bh=[^;]*reply-to.*"), "Reply-To is signed: " + row);

    // Without a Reply-To the received message has none (not the From address in its place).
    compose("carol@example.com", "Order 4722 without Reply-To");
    send();
    assertResult("ok", "Committed");
    String plain = awaitSmtpRow("Order 4722 without Reply-To", "d=msgstore.local");
    assertFalse(plain.contains("service@example.com"), "no Reply-To: " + plain);
  }

  @Test
  @Order(9)
  void a_waiting_message_is_held_released_and_sent_at_once_with_retry_now_from_the_queue_panel() {
    String subject = "Order 4716 deferred"; // waiting five minutes for its deferred send time
    awaitQueueState(subject, "WAITING");
    queueRowAction(subject, "hold", "1 held");
    awaitQueueState(subject, "HELD");
    awaitText("queue-held", "1");
    queueRowAction(subject, "release", "1 released");
    awaitQueueState(subject, "WAITING");
    queueRowAction(subject, "retryNow", "1 made due now");
    awaitText("smtp", subject); // minutes before its deferred send time
  }

  @Test
  @Order(10)
  void a_held_mailbox_keeps_what_it_submits_until_released_and_a_cancel_sends_the_sender_an_NDR() {
    setMailbox("shop");
    setField("q-mailbox", "shop");
    queueAction("hold-mailbox", "messages it submits are held");
    awaitText("queue-heldMailboxes", "shop");
    compose("carol@example.com", "Order 4725 held with the shop");
    send();
    assertResult("ok", "Committed");
    compose("carol@example.com", "Order 4726 cancelled");
    send();
    assertResult("ok", "Committed");
    awaitQueueState("Order 4725 held with the shop", "HELD");
    awaitQueueState("Order 4726 cancelled", "HELD");

    queueRowAction("Order 4726 cancelled", "cancel", "1 cancelled");
    awaitText("inbox", "Order 4726 cancelled");
    awaitText("inbox", "Report.IPM.Note.NDR");

    queueAction("release-mailbox", "1 released");
    awaitText("smtp", "Order 4725 held with the shop");
    assertFalse(text("smtp").contains("Order 4726"), "the cancelled message was sent");
    setField("q-mailbox", "");
    setMailbox("alice");
  }

  @Test
  @Order(11)
  void an_address_marked_bounce_later_is_accepted_then_bounced_and_only_it_gets_an_NDR()
      throws Exception {
    String mark = "{\"address\":\"gone@example.net\"}";
    // A change like any other: without the page's header, or from another site, refused.
    assertStatus(
        403,
        postTo(BOUNCE_LATER, HOST, "Content-Type: application/json\r\n", mark),
        "X-MsgStore-Demo");
    assertStatus(
        403,
        postTo(
            BOUNCE_LATER,
            HOST,
            "Origin: http://evil.example\r\nContent-Type: application/json\r\n"
                + "X-MsgStore-Demo: 1\r\n",
            mark),
        "evil.example");
    assertFalse(
        get("/msgstore-demo/api/status", HOST).contains("gone@example.net"), "refused: not marked");

    setField("bounce-address", "gone@example.net");
    browser.findElement(By.id("bounce-later")).click();
    awaitText("bounce-result", "accepted with 250 and bounced");
    awaitText("bounce-marked", "gone@example.net");

    setMailbox("dana"); // a new mailbox: its Inbox holds only what this test causes
    compose("gone@example.net, kept@example.org", "Order 4730 to a late bounce");
    // Earlier tests leave check boxes on (a message deleted after submit gets no NDR).
    for (String box : new String[] {"deleteAfterSubmit", "deliveryReport", "forceRollback"}) {
      if (browser.findElement(By.id(box)).isSelected()) {
        browser.findElement(By.id(box)).click();
      }
    }
    send();
    assertResult("ok", "Committed");
    // Accepted with 250, sent from the signed envelope sender the bounce comes back to.
    String row = awaitSmtpRow("Order 4730 to a late bounce", "<bounces+m", "@msgstore.local>");
    assertTrue(row.contains("gone@example.net"), row);
    awaitText("sent", "Order 4730 to a late bounce");

    awaitText("inbox", "Undeliverable: Order 4730 to a late bounce");
    awaitText("bounces-written", "1");
    List<String> reports = inboxRows("Order 4730");
    assertEquals(1, reports.size(), "exactly one report: " + reports);
    String ndr = reports.get(0);
    assertTrue(ndr.contains("Report.IPM.Note.NDR"), ndr);
    assertTrue(ndr.contains("gone@example.net"), "names the bounced address: " + ndr);
    assertFalse(ndr.contains("kept@example.org"), "names only the bounced address: " + ndr);
    assertEquals("1", text("bounces-written"), "no bounce for kept@example.org");
    setMailbox("alice");
  }

  /** The Inbox rows (cells joined with " | ") whose subject contains {@code subject}. */
  @SuppressWarnings("unchecked")
  private List<String> inboxRows(String subject) {
    return (List<String>)
        ((JavascriptExecutor) browser)
            .executeScript(
                "return [...document.querySelectorAll('#inbox tr')]"
                    + ".map((tr) => [...tr.cells].map((c) => c.textContent))"
                    + ".filter((cells) => cells[0] && cells[0].includes(arguments[0]))"
                    + ".map((cells) => cells.join(' | '));",
                subject);
  }

  /** Waits until the queue table's row of {@code subject} shows {@code state}. */
  private void awaitQueueState(String subject, String state) {
    String script =
        "for (const tr of document.querySelectorAll('#queue tr')) {"
            + " if (tr.cells[0] && tr.cells[0].textContent === arguments[0])"
            + " return tr.cells[2].textContent; }"
            + " return null;";
    Object[] seen = new Object[1];
    new WebDriverWait(browser, WAIT)
        .withMessage(() -> "the queue never showed '" + subject + "' " + state + ": " + seen[0])
        .until(
            d -> {
              seen[0] = ((JavascriptExecutor) d).executeScript(script, subject);
              return state.equals(seen[0]);
            });
  }

  /** Clicks {@code op} in the queue row of {@code subject}; waits for the panel's answer. */
  private void queueRowAction(String subject, String op, String expected) {
    clearQueueResult();
    String script =
        "for (const tr of document.querySelectorAll('#queue tr')) {"
            + " if (tr.cells[0] && tr.cells[0].textContent === arguments[0]) {"
            + " const b = tr.querySelector('button[data-op=\"' + arguments[1] + '\"]');"
            + " if (b) { b.click(); return true; } } }"
            + " return false;";
    new WebDriverWait(browser, WAIT)
        .withMessage("no " + op + " button in the queue row of '" + subject + "'")
        .until(
            d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(script, subject, op)));
    awaitText("queue-result", expected);
  }

  /** Clicks the queue panel's button {@code id}; waits for the panel's answer. */
  private void queueAction(String id, String expected) {
    clearQueueResult();
    ((JavascriptExecutor) browser)
        .executeScript("document.getElementById(arguments[0]).click()", id);
    awaitText("queue-result", expected);
  }

  private void clearQueueResult() {
    ((JavascriptExecutor) browser)
        .executeScript("document.getElementById('queue-result').textContent = ''");
  }

  /**
   * The text of the row of the SMTP table whose subject is {@code subject}, cells separated by " |
   * ", once it holds each of {@code expected}; read in one script, since the page redraws.
   */
  private String awaitSmtpRow(String subject, String... expected) {
    String script =
        "for (const tr of document.querySelectorAll('#smtp tr')) {"
            + " const cells = [...tr.cells].map((c) => c.textContent);"
            + " if (cells[0] === arguments[0]) return cells.join(' | '); }"
            + " return null;";
    String[] row = new String[1];
    new WebDriverWait(browser, WAIT)
        .withMessage(
            () ->
                "the SMTP table never showed '"
                    + subject
                    + "' with "
                    + String.join(", ", expected)
                    + ": "
                    + row[0])
        .until(
            d -> {
              Object found = ((JavascriptExecutor) d).executeScript(script, subject);
              row[0] = found == null ? null : found.toString();
              return row[0] != null
                  && java.util.Arrays.stream(expected).allMatch(e -> row[0].contains(e));
            });
    return row[0];
  }

  private static final int PORT = 8080 + PORT_OFFSET;
  private static final String HOST = "127.0.0.1:" + PORT;

  /** One HTTP/1.1 exchange written as is (a client would not let a test set Host). */
  private static String exchange(String request) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", PORT)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String get(String path, String host) throws IOException {
    return exchange("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
  }

  private static final String BOUNCE_LATER = "/msgstore-demo/api/smtp/bounce-later";

  private static String post(String host, String headers, String body) throws IOException {
    return postTo("/msgstore-demo/api/mailboxes/alice/messages", host, headers, body);
  }

  private static String postTo(String path, String host, String headers, String body)
      throws IOException {
    return exchange(
        "POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + host
            + "\r\n"
            + headers
            + "Content-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length
            + "\r\nConnection: close\r\n\r\n"
            + body);
  }

  private static void assertStatus(int status, String response, String mentions) {
    assertTrue(response.startsWith("HTTP/1.1 " + status + " "), response);
    assertTrue(response.contains(mentions), "mentions '" + mentions + "': " + response);
  }

  private static String ordersIn(String statusResponse) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"orders\":(\\d+)").matcher(statusResponse);
    assertTrue(m.find(), statusResponse);
    return m.group(1);
  }

  private void setField(String id, String value) {
    WebElement field = browser.findElement(By.id(id));
    field.clear();
    field.sendKeys(value);
  }

  private void compose(String to, String subject) {
    for (String field : new String[] {"to", "cc", "bcc", "replyTo", "subject", "body"}) {
      browser.findElement(By.id(field)).clear();
    }
    browser.findElement(By.id("to")).sendKeys(to);
    browser.findElement(By.id("subject")).sendKeys(subject);
  }

  private void send() {
    ((JavascriptExecutor) browser).executeScript("document.getElementById('result').hidden = true");
    browser.findElement(By.id("send")).click();
  }

  private void setMailbox(String mailbox) {
    WebElement field = browser.findElement(By.id("mailbox"));
    field.clear();
    field.sendKeys(mailbox);
    ((JavascriptExecutor) browser)
        .executeScript("document.getElementById('mailbox').dispatchEvent(new Event('change'))");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".mb"), mailbox));
  }

  private void assertResult(String cssClass, String expected) {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
    WebElement result = browser.findElement(By.id("result"));
    assertTrue(
        result.getDomAttribute("class").contains(cssClass),
        "result " + result.getDomAttribute("class") + ": " + result.getText());
    assertTrue(result.getText().contains(expected), "result text: " + result.getText());
  }

  private void awaitText(String id, String expected) {
    new WebDriverWait(browser, WAIT)
        .withMessage(() -> "#" + id + " never showed '" + expected + "': " + text(id))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), expected));
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private void screenshot() {
    try {
      File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
      Files.copy(png.toPath(), target.resolve("demo.png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException("cannot save the screenshot", e);
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
