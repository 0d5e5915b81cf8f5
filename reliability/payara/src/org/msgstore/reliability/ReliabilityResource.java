package org.msgstore.reliability;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Locale;
import org.msgstore.reliability.HaltingXAResource.Moment;

/**
 * What the Payara fault scenarios (reliability/payara-*.sh) call with curl; each answer is one line
 * of key=value pairs, as the bench war's reliability endpoints answer on WildFly (run.sh).
 */
@Path("reliability")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class ReliabilityResource {
  @EJB ReliabilityWork work;
  @EJB InDoubtWork inDoubt;

  /**
   * Submits messages {@code first} .. {@code first + messages - 1} in container transactions of
   * {@code batch}, none sent before {@code dueAt} (epoch milliseconds: the script gives every
   * parallel call the same instant, so the spooler meets one backlog). Answers {@code committed=C
   * failed=F seconds=S}, and the first error if any.
   */
  @GET
  @Path("submit")
  public String submit(
      @QueryParam("first") @DefaultValue("0") long first,
      @QueryParam("messages") @DefaultValue("1000") int messages,
      @QueryParam("batch") @DefaultValue("50") int batch,
      @QueryParam("dueAt") long dueAt) {
    if (messages < 0 || batch < 1 || dueAt <= 0) {
      throw new BadRequestException("messages >= 0, batch >= 1 and dueAt (epoch ms) are required");
    }
    long start = System.currentTimeMillis();
    Instant due = Instant.ofEpochMilli(dueAt);
    long committed = 0;
    long failed = 0;
    String firstError = null;
    for (long n = first; n < first + messages; n += batch) {
      int count = (int) Math.min(batch, first + messages - n);
      try {
        work.submit(n, count, due);
        committed += count;
      } catch (RuntimeException e) {
        failed += count;
        if (firstError == null) {
          firstError = String.valueOf(e).replace('\n', ' ');
        }
      }
    }
    return "committed="
        + committed
        + " failed="
        + failed
        + " seconds="
        + String.format("%.1f", (System.currentTimeMillis() - start) / 1000.0)
        + (firstError == null ? "" : " error=" + firstError)
        + "\n";
  }

  /**
   * Answers {@code outbox=O sent=S depth=D locked=L}: mailbox reliability's Outbox and Sent Items,
   * and the whole queue's depth and messages locked by a server (the adapter's Queue MBean).
   */
  @GET
  @Path("counts")
  public String counts() {
    int[] c = work.counts();
    long[] queue = QueueGauges.depthAndLocked();
    return "outbox=" + c[0] + " sent=" + c[1] + " depth=" + queue[0] + " locked=" + queue[1] + "\n";
  }

  /**
   * One transaction of the in-doubt scenario: a business row and the message {@code subject}, with
   * a resource that halts the JVM in {@code halt} = {@code prepare} (enlisted last) or {@code
   * commit} (enlisted first); {@code none} commits, as a control. When it halts, nobody answers.
   */
  @GET
  @Path("in-doubt")
  public String inDoubt(
      @QueryParam("halt") @DefaultValue("none") String halt,
      @QueryParam("subject") String subject) {
    if (subject == null || subject.isBlank()) {
      throw new BadRequestException("subject is required");
    }
    Moment moment;
    try {
      moment = Moment.valueOf(halt.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("halt is none, prepare or commit, not " + halt);
    }
    inDoubt.run(moment.name(), subject);
    return "committed=1\n";
  }
}
