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
 * What reliability/db-away.sh calls with curl: callers that keep submitting, one message per
 * container transaction, while the script takes the database away. Answers key=value lines.
 */
@Path("db-away")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class DbAwayResource {
  @EJB ReliabilityWork work;

  /**
   * Submits {@code messages} messages "{@code prefix} 0" .. on {@code concurrency} threads at
   * {@code rate} messages per second in all, each in a transaction of its own and due at once; a
   * refused one is submitted again after {@code retryMs} (as an application retries), until it
   * commits or {@code maxSeconds} have passed. See {@link RetryingSubmitter#report()} for the
   * answer.
   */
  @GET
  @Path("submit")
  public String submit(
      @QueryParam("messages") @DefaultValue("1000") int messages,
      @QueryParam("rate") @DefaultValue("50") double rate,
      @QueryParam("concurrency") @DefaultValue("2") int concurrency,
      @QueryParam("retryMs") @DefaultValue("100") long retryMs,
      @QueryParam("maxSeconds") @DefaultValue("600") long maxSeconds,
      @QueryParam("prefix") String prefix)
      throws InterruptedException {
    if (prefix == null || prefix.isBlank() || messages < 1 || rate <= 0 || concurrency < 1) {
      throw new BadRequestException("prefix, messages >= 1, rate > 0 and concurrency >= 1");
    }
    RetryingSubmitter submitter =
        new RetryingSubmitter(work::submit, prefix, messages, rate, retryMs, maxSeconds);
    Workers.runAll(concurrency, "db-away-submit", t -> submitter::run);
    return submitter.report();
  }
}
