package org.msgstore.it.faults;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import org.msgstore.it.app.HaltingXAResource.Moment;

/**
 * What the fault ITs call in their servers, each answer one line of key=value pairs: {@code
 * /submit?prefix=P&count=N&batch=B&dueMs=D} (N messages in transactions of B, all due D ms after
 * the call started; answers {@code committed=C}), {@code /counts?prefix=P} ({@code outbox=O sent=S
 * distinct=D}) and {@code /in-doubt?halt=PREPARE|COMMIT|NONE&subject=S} (no answer when it halts).
 */
@WebServlet(urlPatterns = {"/submit", "/counts", "/in-doubt"})
public class FaultsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @EJB private MailboxWork mailbox;
  @EJB private InDoubtWork inDoubt;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String answer;
    try {
      answer =
          switch (request.getServletPath()) {
            case "/submit" -> submit(request);
            case "/counts" -> counts(request.getParameter("prefix"));
            default -> inDoubt(request);
          };
    } catch (Exception e) {
      response.sendError(500, String.valueOf(e));
      return;
    }
    response.setContentType("text/plain");
    response.getWriter().println(answer);
  }

  private String submit(HttpServletRequest request) {
    Instant due = Instant.now().plusMillis(Long.parseLong(request.getParameter("dueMs")));
    String prefix = request.getParameter("prefix");
    int count = Integer.parseInt(request.getParameter("count"));
    int batch = Integer.parseInt(request.getParameter("batch"));
    int committed = 0;
    for (int first = 0; first < count; first += batch) {
      int n = Math.min(batch, count - first);
      mailbox.submit(prefix, first, n, due);
      committed += n;
    }
    return "committed=" + committed;
  }

  private String counts(String prefix) {
    int[] c = mailbox.counts(prefix);
    return "outbox=" + c[0] + " sent=" + c[1] + " distinct=" + c[2];
  }

  private String inDoubt(HttpServletRequest request) throws Exception {
    inDoubt.run(
        Moment.valueOf(request.getParameter("halt").toUpperCase(Locale.ROOT)),
        request.getParameter("subject"));
    return "committed=1";
  }
}
