package org.msgstore.it.payara;

import jakarta.annotation.Resource;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.msgstore.MapiException;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;
import org.msgstore.it.app.CallerMailboxServlet;

/**
 * A page of the same application without a security constraint: what getConnection() does through
 * the caller-mailbox definition for a request nobody logged in to.
 */
@WebServlet(UnprotectedMailboxServlet.PATH)
public class UnprotectedMailboxServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final String PATH = "/anyone-mailbox";

  @Resource(name = CallerMailboxServlet.MINE)
  private transient MessageStoreConnectionFactory mine;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("text/plain;charset=UTF-8");
    try (MessageStoreConnection c = mine.getConnection()) {
      response.getWriter().print(c.mailbox());
    } catch (MapiException e) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.getWriter().print(e.getMessage());
    }
  }
}
