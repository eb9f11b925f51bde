package io.argus.scrape;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A plain-HTTP forward proxy on 127.0.0.1: it records each absolute request URI and its {@code
 * Proxy-Authorization} header, then forwards GETs to the origin and relays the answer.
 */
final class ForwardProxy implements AutoCloseable {
  /** One request the proxy saw. */
  record Seen(String uri, String proxyAuthorization) {}

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  private final HttpClient origin = HttpClient.newHttpClient();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  ForwardProxy() throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            String uri = request.getHttpURI().asString();
            String auth = request.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION);
            seen.add(new Seen(uri, auth == null ? "" : auth));
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(uri)).GET();
            for (HttpHeader h :
                List.of(HttpHeader.ACCEPT, HttpHeader.AUTHORIZATION, HttpHeader.USER_AGENT)) {
              String v = request.getHeaders().get(h);
              if (v != null) {
                forward.header(h.asString(), v);
              }
            }
            HttpResponse<byte[]> answer =
                origin.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.setStatus(answer.statusCode());
            answer
                .headers()
                .firstValue("Content-Type")
                .ifPresent(ct -> response.getHeaders().put(HttpHeader.CONTENT_TYPE, ct));
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
            return true;
          }
        });
    server.start();
  }

  String address() {
    return "127.0.0.1:" + connector.getLocalPort();
  }

  List<Seen> seen() {
    return List.copyOf(seen);
  }

  @Override
  public void close() throws Exception {
    server.stop();
    origin.close();
  }
}
