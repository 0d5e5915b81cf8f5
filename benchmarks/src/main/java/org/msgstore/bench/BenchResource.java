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
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * What run.sh calls with curl. Each call runs its measurements one after another on plain threads
 * (no request transaction: the resource is not an EJB) and answers one markdown table row whose
 * numbers are medians over the runs.
 */
@Path("/")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class BenchResource {
  private static final Object ONE_AT_A_TIME = new Object();

  @EJB Work work;

  @Resource(lookup = "java:jboss/mail/Bench")
  Session mail;

  /**
   * | path | concurrency | offered msg/s | runs | committed | tx/s | commit p50 | p99 | e2e msg/s |
   * commit→accepted p50 | p99 | max | CPU s per 1k msg | SMTP sessions per msg | errors | load |.
   * {@code messages} > 0 ends a run after that many calls (or at {@code seconds}, whichever is
   * first); {@code rate} > 0 paces the calls open loop at that many per second.
   */
  @GET
  @Path("cell")
  public String cell(
      @QueryParam("path") String path,
      @QueryParam("concurrency") @DefaultValue("1") int concurrency,
      @QueryParam("seconds") @DefaultValue("10") double seconds,
      @QueryParam("runs") @DefaultValue("3") int runs,
      @QueryParam("messages") @DefaultValue("0") long messages,
      @QueryParam("rate") @DefaultValue("0") double rate,
      @QueryParam("drainSeconds") @DefaultValue("300") double drainSeconds)
      throws InterruptedException {
    LongConsumer unit = unit(path);
    Driver.Plan plan = new Driver.Plan(concurrency, seconds, messages, rate, drainSeconds);
    synchronized (ONE_AT_A_TIME) {
      List<Driver.Result> results = repeat(runs, () -> Driver.run(unit, plan));
      return row(
          path, String.valueOf(concurrency), rate > 0 ? Driver.fmt(rate) : "closed loop", results);
    }
  }

  private LongConsumer unit(String path) {
    return switch (path) {
      case "msgstore" -> n -> work.msgstore(n, null);
      case "jms" -> n -> work.jms(n, 0);
      case "mail" -> work::mail;
      case "outbox" -> n -> work.outbox(n, null);
      default -> throw new IllegalArgumentException("path: msgstore, jms, mail or outbox");
    };
  }

  private static String row(
      String path, String concurrency, String offered, List<Driver.Result> results) {
    long committed = results.stream().mapToLong(Driver.Result::committed).sum();
    long errors = results.stream().mapToLong(Driver.Result::errors).sum();
    long missing = results.stream().mapToLong(x -> x.latency().missing()).sum();
    long matched = results.stream().mapToLong(x -> x.latency().matched()).sum();
    List<String> notes = new ArrayList<>();
    results.stream()
        .map(Driver.Result::firstError)
        .filter(e -> e != null)
        .findFirst()
        .ifPresent(notes::add);
    if (missing > 0 && matched > 0) {
      notes.add(missing + " committed messages had no sink timestamp");
    }
    return tableRow(
            path,
            concurrency,
            offered,
            String.valueOf(results.size()),
            String.valueOf(committed),
            Driver.fmt(median(results, Driver.Result::txPerSecond)),
            Driver.fmt(median(results, Driver.Result::p50Ms)),
            Driver.fmt(median(results, Driver.Result::p99Ms)),
            Driver.fmt(median(results, Driver.Result::endToEndPerSecond)),
            Driver.fmt(median(results, x -> x.latency().p50Ms())),
            Driver.fmt(median(results, x -> x.latency().p99Ms())),
            Driver.fmt(median(results, x -> x.latency().maxMs())),
            cpu(results.stream().map(Driver.Result::cpu).toList()),
            twoDecimals(median(results, Driver.Result::sessionsPerMessage)),
            String.valueOf(errors),
            String.join(" ", results.stream().map(Driver.Result::load).toList()))
        + note(notes)
        + "\n";
  }

  /**
   * | path | messages | runs | submit s | drain s | msg/s | CPU s per 1k msg | sessions per msg |
   * load |: the delivery side alone. {@code messages} are submitted at {@code concurrency}, all due
   * at one instant after the submit phase; the drain is timed from that instant until the sink has
   * them all.
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
      List<Backlog.Result> results =
          repeat(runs, () -> Backlog.run(work, path, messages, concurrency));
      return drainRow(path, String.valueOf(messages), results);
    }
  }

  private static String drainRow(String path, String messages, List<Backlog.Result> results) {
    return tableRow(
            path,
            messages,
            String.valueOf(results.size()),
            Driver.fmt(median(results, Backlog.Result::submitSeconds)),
            Driver.fmt(median(results, Backlog.Result::drainSeconds)),
            Driver.fmt(median(results, Backlog.Result::perSecond)),
            cpu(results.stream().map(Backlog.Result::cpu).toList()),
            twoDecimals(median(results, Backlog.Result::sessionsPerMessage)),
            String.join(" ", results.stream().map(Backlog.Result::load).toList()))
        + note(results.stream().map(Backlog.Result::note).filter(n -> n != null).toList())
        + "\n";
  }

  /**
   * | waiting | fill s | removal s | then the submit row's columns and the drain's msg/s |: the
   * queue holds {@code waiting} messages due in a day while MsgStore submits at {@code concurrency}
   * for {@code seconds} (closed loop) and then drains {@code drainMessages} due at one instant.
   */
  @GET
  @Path("growth")
  public String growth(
      @QueryParam("waiting") @DefaultValue("1000") int waiting,
      @QueryParam("concurrency") @DefaultValue("4") int concurrency,
      @QueryParam("seconds") @DefaultValue("10") double seconds,
      @QueryParam("drainMessages") @DefaultValue("2000") int drainMessages,
      @QueryParam("runs") @DefaultValue("3") int runs)
      throws InterruptedException {
    synchronized (ONE_AT_A_TIME) {
      List<Driver.Result> submits = new ArrayList<>();
      List<Backlog.Result> drains = new ArrayList<>();
      Growth g = Growth.fill(work, waiting);
      try {
        for (int r = 0; r < runs; r++) {
          submits.add(
              Driver.run(unit("msgstore"), new Driver.Plan(concurrency, seconds, 0, 0, 300)));
          drains.add(Backlog.run(work, "msgstore", drainMessages, 16));
        }
      } finally {
        g.close();
      }
      String submit = row("msgstore", String.valueOf(concurrency), "closed loop", submits);
      return tableRow(
              String.valueOf(waiting),
              Driver.fmt(g.fillSeconds()),
              Driver.fmt(waiting / g.fillSeconds()),
              Driver.fmt(g.removeSeconds()),
              Driver.fmt(median(drains, Backlog.Result::perSecond)),
              cpu(drains.stream().map(Backlog.Result::cpu).toList()))
          + submit.substring(1).stripTrailing()
          + (g.left() == 0 ? "" : " <!-- " + g.left() + " waiting messages were not removed -->")
          + "\n";
    }
  }

  /**
   * | raw SMTP | connections | runs | msg/s | load |; {@code port} > 0 sends to that port of
   * 127.0.0.1 instead of the configured sink (run.sh: a second smtp-sink without the dump pipe).
   */
  @GET
  @Path("raw")
  public String raw(
      @QueryParam("connections") @DefaultValue("1") int connections,
      @QueryParam("seconds") @DefaultValue("10") double seconds,
      @QueryParam("runs") @DefaultValue("3") int runs,
      @QueryParam("port") @DefaultValue("0") int port,
      @QueryParam("label") @DefaultValue("raw SMTP") String label)
      throws Exception {
    synchronized (ONE_AT_A_TIME) {
      double[] rate = new double[runs];
      List<String> loads = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        rate[r] = RawSmtp.run(mail, connections, seconds, port);
        loads.add(Stats.loadAverage());
      }
      return tableRow(
              label,
              String.valueOf(connections),
              String.valueOf(runs),
              Driver.fmt(Stats.median(rate)),
              String.join(" ", loads))
          + "\n";
    }
  }

  /** One measurement, run {@code runs} times in a row. */
  private interface Run<T> {
    T once() throws InterruptedException;
  }

  private static <T> List<T> repeat(int runs, Run<T> run) throws InterruptedException {
    List<T> results = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      results.add(run.once());
    }
    return results;
  }

  /** A markdown table row: {@code | a | b |}. */
  private static String tableRow(String... cells) {
    return "| " + String.join(" | ", cells) + " |";
  }

  private static <T> double median(List<T> results, java.util.function.ToDoubleFunction<T> value) {
    return Stats.median(results.stream().mapToDouble(value).toArray());
  }

  /** Medians of each part; the total is their sum. */
  private static String cpu(List<Cpu.Usage> usages) {
    return new Cpu.Usage(
            median(usages, Cpu.Usage::server),
            median(usages, Cpu.Usage::sink),
            median(usages, Cpu.Usage::db))
        .cell();
  }

  private static String twoDecimals(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String note(List<String> notes) {
    return notes.isEmpty() ? "" : " <!-- " + String.join("; ", notes).replace("--", "- -") + " -->";
  }
}
