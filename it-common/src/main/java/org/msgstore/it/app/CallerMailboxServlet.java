package org.msgstore.it.app;

import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.msgstore.FolderKind;
import org.msgstore.MapiException;
import org.msgstore.MessageStoreConnection;
import org.msgstore.MessageStoreConnectionFactory;

/**
 * A web page behind a real login (BASIC, role {@value #ROLE}) that opens "my mailbox" through a
 * connection definition with mailboxFromCaller=true: getConnection() without a name, or the name in
 * the parameter {@code mailbox}. It answers the mailbox it opened, or the refusal the application
 * got (status 403).
 */
@WebServlet(CallerMailboxServlet.PATH)
@DeclareRoles(CallerMailboxServlet.ROLE)
@ServletSecurity(@HttpConstraint(rolesAllowed = CallerMailboxServlet.ROLE))
public class CallerMailboxServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  public static final String PATH = "/my-mailbox";
  public static final String ROLE = "mailuser";

  /** The resource-ref of the caller-mailbox definition, mapped by each server's descriptor. */
  public static final String MINE = "eis/MsgStoreMine";

  @Resource(name = MINE)
  private transient MessageStoreConnectionFactory mine;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String asked = request.getParameter("mailbox");
    response.setContentType("text/plain;charset=UTF-8");
    try (MessageStoreConnection c =
        asked == null ? mine.getConnection() : mine.getConnection(asked)) {
      c.openFolder(FolderKind.INBOX);
      response.getWriter().print(c.mailbox());
    } catch (MapiException e) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.getWriter().print(e.getMessage());
    }
  }
}
