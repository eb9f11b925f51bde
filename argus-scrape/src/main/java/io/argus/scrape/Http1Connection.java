package io.argus.scrape;

import io.argus.util.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * One HTTP/1.1 connection of {@link Http1Client}: a blocking socket, a read buffer that holds the
 * response head (and whatever body bytes arrived with it) and a request buffer, both reused for
 * every exchange on the connection. Every blocking call is bounded by the exchange's deadline.
 *
 * <p>Used by one exchange at a time (the pool hands it to one thread); {@link #close} may be called
 * from any thread and makes a blocked read or write fail.
 */
final class Http1Connection {
  /** The initial size of the read buffer. */
  static final int BUFFER_BYTES = 16 * 1024;

  /** A read buffer grown past this (by a long header line) is replaced after the exchange. */
  private static final int KEPT_BUFFER_BYTES = 64 * 1024;

  /** Thrown when the deadline passed; carries no stack trace. */
  static final class DeadlineExceeded extends IOException {
    static final DeadlineExceeded INSTANCE = new DeadlineExceeded();

    private DeadlineExceeded() {
      super("context deadline exceeded", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  final String authority;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final Clock timer;
  private final Http1Pool pool;

  /** Buffered response bytes are {@code buf[pos, lim)}. */
  byte[] buf = new byte[BUFFER_BYTES];

  int pos;
  int lim;

  /** The request being written: {@code request[0, requestLength)}. */
  byte[] request = new byte[512];

  int requestLength;

  /** When the connection was last returned to the pool, from {@link #timer}. */
  long idleSinceNanos;

  /** Whether a byte of the current response arrived; a reused connection is retried before. */
  boolean received;

  private long deadlineNanos;
  private int soTimeoutMs = -1;
  private volatile boolean closed;

  // What the head of the current response said (see Http1Client#readHead).
  int status;
  boolean http10;
  long contentLength;
  boolean chunked;
  boolean connectionClose;
  boolean connectionKeepAlive;
  boolean gzip;
  String contentType = "";
  @org.jspecify.annotations.Nullable String location;

  private Http1Connection(String authority, Socket socket, Clock timer, Http1Pool pool)
      throws IOException {
    this.authority = authority;
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    this.timer = timer;
    this.pool = pool;
  }

  /**
   * Connects to {@code host:port} before {@code deadlineNanos}, trying each address of the host in
   * turn as Go's dialer does.
   *
   * @param onSocket receives the socket before connecting, so that a cancel can close it
   * @throws DeadlineExceeded when connecting did not finish in time
   */
  static Http1Connection open(
      String host,
      int port,
      String authority,
      long deadlineNanos,
      Clock timer,
      Http1Pool pool,
      SocketSink onSocket)
      throws IOException {
    InetAddress[] addresses = InetAddress.getAllByName(host);
    IOException last = null;
    for (InetAddress address : addresses) {
      long ms = remainingMillis(deadlineNanos, timer);
      Socket s = new Socket();
      try {
        onSocket.accept(s);
        s.connect(new InetSocketAddress(address, port), (int) Math.min(ms, Integer.MAX_VALUE));
        s.setTcpNoDelay(true);
        Http1Connection c = new Http1Connection(authority, s, timer, pool);
        c.deadlineNanos = deadlineNanos;
        pool.opened(c);
        return c;
      } catch (SocketTimeoutException e) {
        s.close();
        throw DeadlineExceeded.INSTANCE;
      } catch (IOException e) {
        s.close();
        last = e;
      }
    }
    throw last == null ? new java.net.UnknownHostException(host) : last;
  }

  /** Receives a socket before it connects. */
  @FunctionalInterface
  interface SocketSink {
    void accept(Socket s) throws IOException;
  }

  Socket socket() {
    return socket;
  }

  /** Starts an exchange bounded by {@code deadline} (from the connection's clock). */
  void begin(long deadline) {
    deadlineNanos = deadline;
    received = false;
    if (buf.length > KEPT_BUFFER_BYTES) {
      buf = new byte[BUFFER_BYTES];
    }
    pos = 0;
    lim = 0;
  }

  /** Writes {@code request[0, requestLength)}. */
  void writeRequest() throws IOException {
    // A write blocks only when the socket buffer is full, which a request head never fills;
    // the deadline is checked before and the read that follows is bounded.
    remainingMillis(deadlineNanos, timer);
    out.write(request, 0, requestLength);
  }

  /**
   * Reads more bytes into {@code buf} after {@code lim}, first moving unread bytes to the start and
   * growing the buffer to at most {@code maxBuffered} bytes when it is full.
   *
   * @return false at the end of the stream
   * @throws IOException {@code bufferFull} when {@code maxBuffered} bytes are buffered
   */
  boolean fill(int maxBuffered, IOException bufferFull) throws IOException {
    if (lim == buf.length) {
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        lim -= pos;
        pos = 0;
      } else if (buf.length >= maxBuffered) {
        throw bufferFull;
      } else {
        buf = java.util.Arrays.copyOf(buf, (int) Math.min(maxBuffered, 2L * buf.length));
      }
    }
    int n = readSocket(buf, lim, buf.length - lim);
    if (n < 0) {
      return false;
    }
    lim += n;
    return true;
  }

  /**
   * Reads up to {@code len} bytes into {@code dst}: buffered bytes first, then straight from the
   * socket.
   *
   * @return the count read, -1 at the end of the stream
   */
  int read(byte[] dst, int off, int len) throws IOException {
    if (pos < lim) {
      int n = Math.min(len, lim - pos);
      System.arraycopy(buf, pos, dst, off, n);
      pos += n;
      return n;
    }
    return readSocket(dst, off, len);
  }

  private int readSocket(byte[] dst, int off, int len) throws IOException {
    int ms = (int) Math.min(remainingMillis(deadlineNanos, timer), Integer.MAX_VALUE);
    if (ms != soTimeoutMs) {
      socket.setSoTimeout(ms);
      soTimeoutMs = ms;
    }
    int n;
    try {
      n = in.read(dst, off, len);
    } catch (SocketTimeoutException e) {
      throw DeadlineExceeded.INSTANCE;
    }
    if (n > 0) {
      received = true;
    }
    return n;
  }

  /** Returns the whole milliseconds left before {@code deadline}, at least 1; throws after it. */
  private static long remainingMillis(long deadline, Clock timer) throws DeadlineExceeded {
    long left = deadline - timer.nanoTime();
    if (left <= 0) {
      throw DeadlineExceeded.INSTANCE;
    }
    return Math.max(1, (left + 999_999) / 1_000_000);
  }

  /**
   * Whether the connection may carry another request: open, and the server sent nothing beyond the
   * last response (bytes arriving unasked would be read as the next response).
   */
  boolean reusable() {
    if (closed || pos < lim) {
      return false;
    }
    try {
      return in.available() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Closes the socket; a blocked read or write on another thread fails. Idempotent. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing is left to release.
    }
    pool.closed(this);
  }
}
