package io.argus.scrape;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.jspecify.annotations.Nullable;

/**
 * An exporter on 127.0.0.1 whose responses tests set per path; records the last request headers.
 */
final class TestExporter implements AutoCloseable {
  /** Writes one response body; may block (it runs on a server thread). */
  @FunctionalInterface
  interface Responder {
    void respond(Response response, OutputStream body) throws Exception;
  }

  private final Server server = new Server();
  private final ServerConnector connector;
  private final Map<String, Responder> responders = new ConcurrentHashMap<>();
  private final Map<String, HttpFields> lastHeaders = new ConcurrentHashMap<>();
  private final Map<String, String> lastQuery = new ConcurrentHashMap<>();

  TestExporter() throws Exception {
    this(null);
  }

  /** An exporter speaking TLS with {@code tls}, or plain HTTP when it is null. */
  TestExporter(SslContextFactory.@Nullable Server tls) throws Exception {
    if (tls == null) {
      connector = new ServerConnector(server);
    } else {
      // Clients may verify another name than the URL's host (server_name), as Go's do.
      HttpConfiguration config = new HttpConfiguration();
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false);
      config.addCustomizer(secure);
      connector = new ServerConnector(server, tls, new HttpConnectionFactory(config));
    }
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            lastHeaders.put(path, HttpFields.build(request.getHeaders()).asImmutable());
            String q = request.getHttpURI().getQuery();
            lastQuery.put(path, q == null ? "" : q);
            Responder r = responders.get(path);
            if (r == null) {
              response.setStatus(404);
              callback.succeeded();
              return true;
            }
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
              r.respond(response, out);
              callback.succeeded();
            } catch (Throwable e) {
              callback.failed(e);
            }
            return true;
          }
        });
    server.start();
  }

  /** Serves {@code text} with {@code contentType} at {@code path}. */
  void serve(String path, String contentType, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    serve(
        path,
        (response, out) -> {
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
          out.write(bytes);
        });
  }

  void serve(String path, Responder r) {
    responders.put(path, r);
  }

  String address() {
    return "127.0.0.1:" + connector.getLocalPort();
  }

  HttpFields lastHeaders(String path) {
    return lastHeaders.get(path);
  }

  String lastQuery(String path) {
    return lastQuery.get(path);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
