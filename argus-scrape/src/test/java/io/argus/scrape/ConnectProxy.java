package io.argus.scrape;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tunnelling proxy on 127.0.0.1 speaking just {@code CONNECT}: it records each request head
 * (request line and headers), connects to the named address and relays bytes both ways.
 */
final class ConnectProxy implements AutoCloseable {
  private final ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
  private final List<List<String>> heads = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  ConnectProxy() throws IOException {
    acceptor = Thread.ofVirtual().start(this::accept);
  }

  String address() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** The request heads seen so far, each as its lines without line ends. */
  List<List<String>> heads() {
    return List.copyOf(heads);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        Thread.ofVirtual().start(() -> tunnel(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void tunnel(Socket client) {
    try {
      InputStream in = client.getInputStream();
      List<String> head = readHead(in);
      heads.add(head);
      String[] requestLine = head.getFirst().split(" ");
      OutputStream out = client.getOutputStream();
      if (!requestLine[0].equals("CONNECT")) {
        out.write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        client.close();
        return;
      }
      String[] hostPort = requestLine[1].split(":");
      Socket origin = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
      sockets.add(origin);
      out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.ofVirtual().start(() -> pump(origin, client));
      pump(client, origin);
    } catch (IOException e) {
      // The client or origin went away; the tunnel ends.
    }
  }

  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in request head");
      }
      if (b == '\n') {
        String l = line.toString().strip();
        if (l.isEmpty()) {
          return lines;
        }
        lines.add(l);
        line.setLength(0);
      } else {
        line.append((char) b);
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
    } catch (IOException e) {
      // One side closed.
    } finally {
      try {
        to.shutdownOutput();
      } catch (IOException e) {
        // Already closed.
      }
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
    acceptor.join();
  }
}
