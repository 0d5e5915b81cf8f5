package org.msgstore.demo;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * The demo is for the machine it runs on. It has no login, so two guards stand in for one:
 *
 * <ul>
 *   <li>Every request must name a loopback host ({@code localhost}, {@code 127.x.x.x}, {@code
 *       [::1]}) and come from a loopback address. A page elsewhere that rebinds its own DNS name to
 *       127.0.0.1 reaches the server with its own name in {@code Host}, and is refused.
 *   <li>A request that changes anything (every method but GET, HEAD, OPTIONS) must come from the
 *       demo's own page: it carries {@value #HEADER}, which a cross-site form or image cannot send
 *       and a cross-site script cannot either without a CORS permission this server never grants;
 *       an {@code Origin} or {@code Sec-Fetch-Site} that names another site is refused as well.
 * </ul>
 *
 * Refusals are HTTP 403 with the page's JSON error shape.
 */
@WebFilter(urlPatterns = "/*")
public class LoopbackGuard implements Filter {
  /** The header the page's script sends with every change. */
  static final String HEADER = "X-MsgStore-Demo";

  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String host = request.getHeader("Host");
    if (!loopbackName(hostName(host)) || !loopbackAddress(request.getRemoteAddr())) {
      refuse(
          response,
          "the demo answers only on loopback (http://127.0.0.1 or http://localhost), not to Host '"
              + host
              + "'");
      return;
    }
    if (!SAFE.contains(request.getMethod())) {
      String origin = request.getHeader("Origin");
      if (origin != null && !origin.equalsIgnoreCase(request.getScheme() + "://" + host)) {
        refuse(response, "cross-site request from " + origin + " refused");
        return;
      }
      String site = request.getHeader("Sec-Fetch-Site");
      if (site != null && !site.equals("same-origin")) {
        refuse(response, "cross-site request (Sec-Fetch-Site: " + site + ") refused");
        return;
      }
      if (!"1".equals(request.getHeader(HEADER))) {
        refuse(response, "a change must come from the demo page (header " + HEADER + ")");
        return;
      }
    }
    chain.doFilter(req, res);
  }

  /** The host of a Host header without its port; null when there is none or it does not parse. */
  static String hostName(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return null;
    }
    try {
      return URI.create("http://" + hostHeader.strip()).getHost();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A name that means this machine by itself, never by asking DNS. */
  static boolean loopbackName(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("::1");
  }

  private static boolean loopbackAddress(String address) {
    try {
      // A literal address: no lookup happens.
      return address != null && InetAddress.getByName(address).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  private static void refuse(HttpServletResponse response, String why) throws IOException {
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write("{\"error\":\"" + json(why) + "\",\"name\":\"Forbidden\"}");
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
