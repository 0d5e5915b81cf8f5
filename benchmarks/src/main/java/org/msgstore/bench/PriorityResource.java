package org.msgstore.bench;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * What run.sh's {@code priority} part calls: one {@link Priority} run, answered as one markdown
 * table row | bulk lane | probes' lane | bulk | fill s | probes | probe commit→accepted p50 | p99 |
 * max | drain s | drain msg/s | load |.
 */
@Path("priority")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class PriorityResource {
  private static final Object ONE_AT_A_TIME = new Object();

  @EJB PriorityWork work;

  /**
   * {@code bulkPriority} and {@code probePriority} are PR_PRIORITY values: 1 urgent, 0 normal, -1
   * non-urgent. {@code fillMsPerMessage}: the time allowed for queueing each bulk message before
   * they all come due (5 s more for the whole fill).
   */
  @GET
  public String run(
      @QueryParam("bulk") @DefaultValue("20000") int bulk,
      @QueryParam("bulkPriority") @DefaultValue("-1") int bulkPriority,
      @QueryParam("probePriority") @DefaultValue("1") int probePriority,
      @QueryParam("probeRate") @DefaultValue("10") double probeRate,
      @QueryParam("fillMsPerMessage") @DefaultValue("1") double fillMsPerMessage)
      throws InterruptedException {
    if (bulk < 1 || probeRate <= 0 || fillMsPerMessage < 0) {
      throw new BadRequestException("bulk ≥ 1, probeRate > 0 and fillMsPerMessage ≥ 0");
    }
    Priority.Plan plan =
        new Priority.Plan(bulk, bulkPriority, probePriority, probeRate, fillMsPerMessage);
    synchronized (ONE_AT_A_TIME) {
      Priority.Result r = Priority.run(work, plan);
      return "| "
          + String.join(
              " | ",
              lane(bulkPriority),
              lane(probePriority),
              String.valueOf(bulk),
              Driver.fmt(r.fillSeconds()),
              String.valueOf(r.probes()),
              Driver.fmt(r.latency().p50Ms()),
              Driver.fmt(r.latency().p99Ms()),
              Driver.fmt(r.latency().maxMs()),
              Driver.fmt(r.drainSeconds()),
              Driver.fmt(r.perSecond()),
              r.load())
          + " |"
          + (r.note() == null ? "" : " <!-- " + r.note().replace("--", "- -") + " -->")
          + "\n";
    }
  }

  private static String lane(int priority) {
    return priority > 0 ? "urgent" : priority < 0 ? "non-urgent" : "normal";
  }
}
