package io.argus.app.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Serves a handler under a route prefix ({@code --web.route-prefix}) as Alertmanager's router
 * does: the handler sees paths relative to the prefix, {@code GET /} is redirected (302) to the
 * prefix (other methods on {@code /} get 405), the bare prefix is redirected to the prefix with a
 * slash, and anything else outside it is {@code 404 page not found}. Thread-safe.
 */
public final class RoutePrefixHandler extends Handler.Wrapper {
  private final String prefix;

  /**
   * Wraps {@code inner}.
   *
   * @param prefix starts with {@code /} and does not end with one; not {@code /} itself
   */
  public RoutePrefixHandler(String prefix, Handler inner) {
    if (!prefix.startsWith("/") || prefix.endsWith("/")) {
      throw new IllegalArgumentException("route prefix must be /path: " + prefix);
    }
    this.prefix = prefix;
    ContextHandler context = new ContextHandler(inner, prefix);
    setHandler(context);
  }

  /**
   * The handler for {@code prefix}, or {@code inner} itself when the prefix is {@code /}.
   *
   * @param prefix one leading slash and no trailing one, or exactly {@code /}
   */
  public static Handler under(String prefix, Handler inner) {
    return prefix.equals("/") ? inner : new RoutePrefixHandler(prefix, inner);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (path.equals("/")) {
      String method = request.getMethod();
      if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
        response.setStatus(HttpStatus.FOUND_302);
        response.getHeaders().put(HttpHeader.LOCATION, prefix);
        response.write(true, null, callback);
      } else {
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
        writeText(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "Method Not Allowed\n");
      }
      return true;
    }
    if (path.equals(prefix)) {
      response.setStatus(HttpStatus.MOVED_PERMANENTLY_301);
      response.getHeaders().put(HttpHeader.LOCATION, prefix + "/");
      response.write(true, null, callback);
      return true;
    }
    if (super.handle(request, response, callback)) {
      return true;
    }
    writeText(response, callback, HttpStatus.NOT_FOUND_404, "404 page not found\n");
    return true;
  }

  private static void writeText(Response response, Callback callback, int status, String text) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    Content.Sink.write(response, true, text, callback);
  }
}
