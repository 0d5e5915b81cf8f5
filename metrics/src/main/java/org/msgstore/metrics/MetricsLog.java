package org.msgstore.metrics;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The metrics war's log codes (logger {@code org.msgstore.metrics}). The war does not link against
 * the rar, so its catalog is its own; docs/log-codes.md lists it in its last section, written from
 * {@link #CODES} by this module's MetricsLogCodesTest.
 */
final class MetricsLog {
  private static final Logger LOG = Logger.getLogger("org.msgstore.metrics");

  /** One code: its id, level, meaning and what to do. */
  record Code(String id, Level level, String meaning, String action) {}

  static final Code MICROMETER_BOUND =
      new Code(
          "MSGS3050",
          Level.INFO,
          "The MsgStore metrics are in the server's Micrometer registry (WildFly: scraped from its"
              + " Prometheus registry, or pushed by its OTLP registry).",
          "");
  static final Code MICROPROFILE_BOUND =
      new Code(
          "MSGS3051",
          Level.INFO,
          "The MsgStore metrics are in MicroProfile Metrics' application registry (Payara: the"
              + " /metrics endpoint).",
          "");
  static final Code NO_FACILITY =
      new Code(
          "MSGS3052",
          Level.WARNING,
          "Neither Micrometer nor MicroProfile Metrics is visible to the metrics war: nothing was"
              + " published. The MBeans stay readable over JMX.",
          "WildFly: add the micrometer extension and subsystem with a registry, then redeploy the"
              + " war. Payara: enable MicroProfile Metrics (set-metrics-configuration"
              + " --enabled=true).");
  static final Code BINDING_FAILED =
      new Code(
          "MSGS3053",
          Level.WARNING,
          "A metrics facility is visible but the MsgStore metrics could not be published in it"
              + " (its registry is not injectable, or it refused a meter); see the cause.",
          "Check the server's metrics configuration; the MBeans stay readable over JMX.");

  static final List<Code> CODES =
      List.of(MICROMETER_BOUND, MICROPROFILE_BOUND, NO_FACILITY, BINDING_FAILED);

  private MetricsLog() {}

  static void micrometerBound(int meters) {
    log(MICROMETER_BOUND, meters + " meters in Micrometer", null);
  }

  static void microProfileBound(int metrics) {
    log(MICROPROFILE_BOUND, metrics + " gauges in MicroProfile Metrics", null);
  }

  static void noFacility() {
    log(NO_FACILITY, "no Micrometer and no MicroProfile Metrics here; nothing published", null);
  }

  static void bindingFailed(String facility, Throwable cause) {
    log(BINDING_FAILED, "cannot publish the metrics in " + facility + ": " + cause, cause);
  }

  private static void log(Code code, String detail, Throwable cause) {
    LOG.log(code.level(), code.id() + ": " + detail, cause);
  }
}
