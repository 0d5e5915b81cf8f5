package org.msgstore.metrics;

import static org.msgstore.metrics.Metric.Type.COUNTER;
import static org.msgstore.metrics.Metric.Type.GAUGE;

import java.util.List;
import java.util.Map;

/**
 * Every MsgStore metric, once: the adapter's MBeans ({@code org.msgstore:type=Spooler}, {@code
 * Queue}, {@code SuppressionList}, {@code BounceIntake}) attribute by attribute. The README's
 * "Metrics" table lists the same rows ({@code MetricCatalogTest} checks it). A name here is a
 * promise to dashboards and alerts: add, never rename.
 */
public final class MetricCatalog {
  static final String SPOOLER = "org.msgstore:type=Spooler";
  static final String QUEUE = "org.msgstore:type=Queue";
  static final String SUPPRESSION_LIST = "org.msgstore:type=SuppressionList";
  static final String BOUNCE_INTAKE = "org.msgstore:type=BounceIntake";

  /** One text for every metric of a name: a registry keeps one description per name. */
  private static final String IN_LANE =
      "Messages queued in a priority lane (urgent, normal, non_urgent), every server.";

  private static final String BY_VERDICT =
      "Messages read from the bounce mailbox, by verdict: matched (recorded), already_recorded,"
          + " unmatched, forged (a token no key signed), unparseable (no report).";

  private MetricCatalog() {}

  public static final List<Metric> ALL =
      List.of(
          spooler(
              COUNTER,
              "claimed",
              "messages",
              "Claimed",
              "Messages this server's spooler took for delivery."),
          spooler(
              COUNTER, "delivered", "recipients", "Delivered", "Recipients a transport accepted."),
          spooler(
              COUNTER,
              "deferred",
              "messages",
              "Deferred",
              "Deferrals: a message put back for a later attempt (each time)."),
          spooler(
              COUNTER,
              "throttled",
              "messages",
              "Throttled",
              "Deferrals that were only waits for a rate limit or a relay's back-off (also in deferred)."),
          spooler(
              COUNTER,
              "failed",
              "recipients",
              "Failed",
              "Recipients that failed for good (an NDR follows unless the sender turned them off)."),
          spooler(
              COUNTER,
              "ndrs.written",
              "messages",
              "NdrsWritten",
              "Non-delivery reports written into senders' mailboxes."),
          spooler(
              COUNTER,
              "delivery.reports.written",
              "messages",
              "DeliveryReportsWritten",
              "Delivery reports written into senders' mailboxes."),
          spooler(
              COUNTER,
              "finished",
              "messages",
              "Finished",
              "Messages whose delivery ended (every recipient delivered or failed)."),
          spooler(
              COUNTER,
              "unexpected",
              "errors",
              "UnexpectedErrors",
              "Errors the spooler loop caught and survived; see the server log."),
          spooler(
              GAUGE,
              "in.flight",
              "messages",
              "InFlight",
              "Messages claimed and not finished yet: in delivery, or deferred for a retry."),
          // Not the Spooler MBean's QueueDepth: it counts on the spooler loop's own connection from
          // the scraping thread; msgstore.queue.depth is the same number, cached for a second.
          queue(
              "depth",
              Map.of(),
              "Depth",
              "Messages queued now, every server, every lane, held or not."),
          queue("lane.depth", Map.of("lane", "urgent"), "UrgentDepth", IN_LANE),
          queue("lane.depth", Map.of("lane", "normal"), "NormalDepth", IN_LANE),
          queue("lane.depth", Map.of("lane", "non_urgent"), "NonUrgentDepth", IN_LANE),
          queue("held", Map.of(), "Held", "Queued messages an operator held."),
          new Metric(
              "msgstore.queue.oldest.due.age",
              GAUGE,
              "seconds",
              QUEUE,
              "OldestDueAgeSeconds",
              Map.of(),
              "How long the longest-waiting claimable message has been due: 0 while the spoolers keep up."),
          new Metric(
              "msgstore.suppressed",
              GAUGE,
              "addresses",
              SUPPRESSION_LIST,
              "Count",
              Map.of(),
              "Addresses on the suppression list (expired entries not counted)."),
          intake(
              "completed",
              "rounds",
              Map.of(),
              "Rounds",
              "Reads of the whole bounce mailbox completed."),
          intake(
              "processed",
              "messages",
              Map.of(),
              "Processed",
              "Messages read from the bounce mailbox and given a verdict."),
          intake("read", "messages", Map.of("verdict", "matched"), "Matched", BY_VERDICT),
          intake(
              "read",
              "messages",
              Map.of("verdict", "already_recorded"),
              "AlreadyRecorded",
              BY_VERDICT),
          intake("read", "messages", Map.of("verdict", "unmatched"), "Unmatched", BY_VERDICT),
          intake("read", "messages", Map.of("verdict", "forged"), "Forged", BY_VERDICT),
          intake("read", "messages", Map.of("verdict", "unparseable"), "Unparseable", BY_VERDICT),
          intake(
              "mailbox",
              "failures",
              Map.of(),
              "MailboxFailures",
              "Times the bounce mailbox could not be opened or read."));

  private static Metric spooler(
      Metric.Type type, String name, String unit, String attribute, String description) {
    return new Metric(
        "msgstore.spooler." + name,
        type,
        unit,
        SPOOLER,
        attribute,
        Map.of(),
        type == COUNTER ? description + " This server, since the adapter started." : description);
  }

  private static Metric queue(
      String name, Map<String, String> tags, String attribute, String description) {
    return new Metric(
        "msgstore.queue." + name, GAUGE, "messages", QUEUE, attribute, tags, description);
  }

  private static Metric intake(
      String name, String unit, Map<String, String> tags, String attribute, String description) {
    return new Metric(
        "msgstore.bounce.intake." + name,
        COUNTER,
        unit,
        BOUNCE_INTAKE,
        attribute,
        tags,
        tags.isEmpty() ? description + " Since the adapter started." : description);
  }
}
