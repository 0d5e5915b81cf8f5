package org.msgstore.demo;

import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.msgstore.FolderKind;
import org.msgstore.MapiException;

/**
 * The page's endpoints. Every refusal comes back as JSON {@code {error, name, code}} with HTTP 400
 * (a MapiException: bad input) or 500 (anything else), never a stack trace.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class DemoResource {
  private static final Logger LOG = Logger.getLogger(DemoResource.class.getName());

  @EJB MailService mail;
  @EJB Orders orders;
  @EJB SmtpSink smtp;
  @EJB Mailboxes mailboxes;

  @POST
  @Path("mailboxes/{mailbox}/messages")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response submit(@PathParam("mailbox") String mailbox, ComposeForm form) {
    try {
      return Response.ok(mail.submit(mailbox, form)).build();
    } catch (RuntimeException e) {
      return error(e);
    }
  }

  @GET
  @Path("mailboxes/{mailbox}/folders/{kind}")
  public Response folder(@PathParam("mailbox") String mailbox, @PathParam("kind") String kind) {
    FolderKind folder;
    try {
      folder = FolderKind.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Response.status(404).entity(Map.of("error", "no folder kind " + kind)).build();
    }
    if (!mailboxes.exists(mailbox)) {
      // Reading must not create it (opening a mailbox does): a GET changes nothing.
      return Response.status(404)
          .entity(
              Map.of(
                  "error",
                  "mailbox " + mailbox + " does not exist yet; its first message sent creates it"))
          .build();
    }
    try {
      List<Map<String, Object>> rows = mail.folder(mailbox, folder);
      return Response.ok(rows).build();
    } catch (RuntimeException e) {
      return error(e);
    }
  }

  /** A page of the outgoing queue, filtered in the database (the adapter's Queue MBean). */
  @GET
  @Path("queue")
  public Response queue(
      @QueryParam("mailbox") String mailbox,
      @QueryParam("state") String state,
      @QueryParam("lastError") String lastError,
      @QueryParam("offset") @DefaultValue("0") int offset,
      @QueryParam("limit") @DefaultValue("50") int limit) {
    try {
      return Response.ok(QueueControl.list(mailbox, state, lastError, offset, limit)).build();
    } catch (IllegalArgumentException e) {
      return Response.status(400).entity(Map.of("error", e.getMessage())).build();
    }
  }

  /**
   * An operator's action on the queue: {@code {"argument": entry id or mailbox}}; answers {@code
   * {text}} with what the MBean did, or 400 {@code {error}} with why it refused.
   */
  @POST
  @Path("queue/{operation}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response queueOperation(
      @PathParam("operation") String operation, Map<String, String> body) {
    try {
      String argument = body == null ? null : body.get("argument");
      return Response.ok(Map.of("text", QueueControl.act(operation, argument))).build();
    } catch (IllegalArgumentException e) {
      return Response.status(400).entity(Map.of("error", e.getMessage())).build();
    }
  }

  /**
   * Marks an address at the loopback SMTP server: {@code {"address": "carol@example.com"}}; its
   * messages are accepted and bounced a few seconds later (a DSN into the adapter's bounce
   * mailbox). Answers {@code {text}}, or 400 {@code {error}}. A change: LoopbackGuard wants the
   * page's header for it like for every POST.
   */
  @POST
  @Path("smtp/bounce-later")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response bounceLater(Map<String, String> body) {
    String address;
    try {
      address = LateBounces.checked(body == null ? null : body.get("address"));
    } catch (IllegalArgumentException e) {
      return Response.status(400).entity(Map.of("error", e.getMessage())).build();
    }
    String text = smtp.bounceLater(address);
    if (text == null) {
      return Response.status(400)
          .entity(
              Map.of("error", "the loopback SMTP server is off: " + smtp.received().get("problem")))
          .build();
    }
    return Response.ok(Map.of("text", text)).build();
  }

  @GET
  @Path("status")
  public Map<String, Object> status() {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("spooler", SpoolerStatus.read());
    status.put("queue", QueueControl.gauges());
    status.put("smtp", smtp.received());
    try {
      status.put("orders", orders.count());
    } catch (RuntimeException e) {
      status.put("orders", "unavailable: " + e.getMessage());
    }
    return status;
  }

  private static Response error(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MapiException mapi) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", mapi.getMessage());
        body.put("name", mapi.error().name());
        body.put("code", mapi.error().hex());
        body.put(
            "text",
            "Refused, transaction rolled back: nothing was queued and no order row was written.");
        return Response.status(400).entity(body).build();
      }
    }
    LOG.log(Level.WARNING, "demo request failed", e);
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return Response.status(500)
        .entity(
            Map.of(
                "error",
                String.valueOf(root.getMessage()),
                "name",
                root.getClass().getSimpleName()))
        .build();
  }
}
