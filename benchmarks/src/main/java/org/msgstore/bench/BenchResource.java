package org.msgstore.bench;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.mail.Session;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * What run.sh calls with curl. Each call runs its measurements one after another on plain threads
 * (no request transaction: the resource is not an EJB) and answers one markdown table row.
 */
@Path("/")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class BenchResource {
  private static final Object ONE_AT_A_TIME = new Object();

  @EJB Work work;

  @Resource(lookup = "java:jboss/mail/Bench")
  Session mail;

  /** | path | concurrency | runs | committed | tx/s | p50 ms | p99 ms | e2e msg/s | SMTP sessions ended per msg | errors | load | */
  @GET
  @Path("cell")
  public String cell(
      @QueryParam("path") String path,
      @QueryParam("concurrency") @DefaultValue("1") int concurrency,
      @QueryParam("seconds") @DefaultValue("10") double seconds,
      @QueryParam("runs") @DefaultValue("3") int runs)
      throws InterruptedException {
    LongConsumer unit =
        switch (path) {
          case "msgstore" -> n -> work.msgstore(n, null);
          case "jms" -> n -> work.jms(n, 0);
          case "mail" -> work::mail;
          default -> throw new IllegalArgumentException("path: msgstore, jms or mail");
        };
    synchronized (ONE_AT_A_TIME) {
      double[] rate = new double[runs];
      double[] p50 = new double[runs];
      double[] p99 = new double[runs];
      double[] e2e = new double[runs];
      double[] sessions = new double[runs];
      long committed = 0;
      long errors = 0;
      List<String> loads = new ArrayList<>();
      String firstError = null;
      for (int r = 0; r < runs; r++) {
        Driver.Result x = Driver.run(unit, concurrency, seconds, 300);
        rate[r] = x.txPerSecond();
        p50[r] = x.p50Ms();
        p99[r] = x.p99Ms();
        e2e[r] = x.endToEndPerSecond();
        sessions[r] = x.sessionsPerMessage();
        committed += x.committed();
        errors += x.errors();
        loads.add(x.load());
        if (firstError == null) {
          firstError = x.firstError();
        }
      }
      return String.join(
              " | ",
              "| " + path,
              String.valueOf(concurrency),
              String.valueOf(runs),
              String.valueOf(committed),
              Driver.fmt(Stats.median(rate)),
              Driver.fmt(Stats.median(p50)),
              Driver.fmt(Stats.median(p99)),
              Driver.fmt(Stats.median(e2e)),
              String.format(java.util.Locale.ROOT, "%.2f", Stats.median(sessions)),
              String.valueOf(errors),
              String.join(" ", loads) + " |")
          + (firstError == null ? "" : " <!-- " + firstError.replace("--", "- -") + " -->")
          + "\n";
    }
  }

  /**
   * | path | messages | runs | submit s | drain s | msg/s | sessions per msg | load |: the delivery
   * side alone. {@code messages} are submitted at {@code concurrency}, all due at one instant after
   * the submit phase; the drain is timed from that instant until the sink has them all.
   */
  @GET
  @Path("drain")
  public String drain(
      @QueryParam("path") String path,
      @QueryParam("messages") @DefaultValue("4000") int messages,
      @QueryParam("concurrency") @DefaultValue("16") int concurrency,
      @QueryParam("runs") @DefaultValue("3") int runs)
      throws InterruptedException {
    synchronized (ONE_AT_A_TIME) {
      double[] submit = new double[runs];
      double[] drain = new double[runs];
      double[] rate = new double[runs];
      double[] sessions = new double[runs];
      List<String> loads = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        Backlog.Result x = Backlog.run(work, path, messages, concurrency);
        submit[r] = x.submitSeconds();
        drain[r] = x.drainSeconds();
        rate[r] = x.perSecond();
        sessions[r] = x.sessionsPerMessage();
        loads.add(x.load());
        if (x.note() != null) {
          notes.add(x.note());
        }
      }
      return String.join(
              " | ",
              "| " + path,
              String.valueOf(messages),
              String.valueOf(runs),
              Driver.fmt(Stats.median(submit)),
              Driver.fmt(Stats.median(drain)),
              Driver.fmt(Stats.median(rate)),
              String.format(java.util.Locale.ROOT, "%.2f", Stats.median(sessions)),
              String.join(" ", loads) + " |")
          + (notes.isEmpty() ? "" : " <!-- " + String.join("; ", notes).replace("--", "- -") + " -->")
          + "\n";
    }
  }

  /** | raw | connections | runs | msg/s | load | */
  @GET
  @Path("raw")
  public String raw(
      @QueryParam("connections") @DefaultValue("1") int connections,
      @QueryParam("seconds") @DefaultValue("10") double seconds,
      @QueryParam("runs") @DefaultValue("3") int runs)
      throws Exception {
    synchronized (ONE_AT_A_TIME) {
      double[] rate = new double[runs];
      List<String> loads = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        rate[r] = RawSmtp.run(mail, connections, seconds);
        loads.add(Stats.loadAverage());
      }
      return "| raw SMTP | " + connections + " | " + runs + " | " + Driver.fmt(Stats.median(rate)) + " | "
          + String.join(" ", loads) + " |\n";
    }
  }
}
