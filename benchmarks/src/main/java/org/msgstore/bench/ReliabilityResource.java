package org.msgstore.bench;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.msgstore.it.app.HaltingXAResource.Moment;

/** What reliability/run.sh calls with curl; each answer is one line of key=value pairs. */
@Path("reliability")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class ReliabilityResource {
  @EJB ReliabilityWork work;
  @EJB InDoubtWork inDoubt;

  /**
   * Submits {@code messages} messages in transactions of {@code batch} on {@code concurrency}
   * threads, all due {@code dueSeconds} after the call starts (so the spooler meets one backlog
   * rather than racing the submits). Answers {@code committed=C failed=F seconds=S}.
   */
  @GET
  @Path("submit")
  public String submit(
      @QueryParam("messages") @DefaultValue("10000") int messages,
      @QueryParam("batch") @DefaultValue("50") int batch,
      @QueryParam("concurrency") @DefaultValue("4") int concurrency,
      @QueryParam("dueSeconds") @DefaultValue("15") double dueSeconds)
      throws InterruptedException {
    long start = System.currentTimeMillis();
    Instant due = Instant.ofEpochMilli(start + (long) (dueSeconds * 1000));
    AtomicLong next = new AtomicLong();
    AtomicLong committed = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    Workers.runAll(
        concurrency,
        "reliability-submit",
        t ->
            () -> {
              long first;
              while ((first = next.getAndAdd(batch)) < messages) {
                int count = (int) Math.min(batch, messages - first);
                try {
                  work.submit(first, count, due);
                  committed.addAndGet(count);
                } catch (RuntimeException e) {
                  failed.addAndGet(count);
                  firstError.compareAndSet(null, String.valueOf(e));
                }
              }
            });
    double seconds = (System.currentTimeMillis() - start) / 1000.0;
    String error = firstError.get();
    return "committed="
        + committed.get()
        + " failed="
        + failed.get()
        + " seconds="
        + Driver.fmt(seconds)
        + (error == null ? "" : " error=" + error.replace('\n', ' '))
        + "\n";
  }

  /** Answers {@code outbox=O sent=S}: still queued, and filed into Sent Items by the spooler. */
  @GET
  @Path("counts")
  public String counts() {
    int[] c = work.counts();
    return "outbox=" + c[0] + " sent=" + c[1] + "\n";
  }

  /**
   * Answers {@code in_doubt=N}: the transactions the embedded H2 store holds prepared and
   * undecided; for the in-doubt scenario with STORE=h2 (see {@link EmbeddedStoreInDoubt}).
   */
  @GET
  @Path("store-in-doubt")
  public String storeInDoubt() throws SQLException, ReflectiveOperationException {
    return "in_doubt=" + EmbeddedStoreInDoubt.count() + "\n";
  }

  /**
   * One transaction of the in-doubt scenario: a business row and the message {@code subject}, with
   * a resource that halts the JVM in {@code halt} = {@code prepare} (enlisted last) or {@code
   * commit} (enlisted first); {@code none} commits, as a control. When it halts, nobody answers.
   */
  @GET
  @Path("in-doubt")
  public String inDoubt(
      @QueryParam("halt") @DefaultValue("none") String halt, @QueryParam("subject") String subject)
      throws SystemException, RollbackException {
    if (subject == null || subject.isBlank()) {
      throw new BadRequestException("subject is required");
    }
    inDoubt.run(Moment.valueOf(halt.toUpperCase(Locale.ROOT)), subject);
    return "committed=1\n";
  }
}
