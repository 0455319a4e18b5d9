package io.mpmexporter.apache;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Fetches and parses {@code server-status?auto}: one GET, a deadline over the whole exchange
 * (connect, headers and body), a cap on the body, and every failure classified. A protected page is
 * reached with a {@link StatusAccess} (CA, client certificate, Host, headers, Basic auth).
 */
public final class StatusClient {
  private static final String USER_AGENT = "apache-mpm-exporter";

  private final URI uri;
  private final Duration timeout;
  private final int maxBodyBytes;
  private final StatusAccess access;
  private final HttpClient client;

  public StatusClient(URI uri, Duration timeout, int maxBodyBytes, Executor executor) {
    this(uri, timeout, maxBodyBytes, executor, StatusAccess.NONE);
  }

  public StatusClient(
      URI uri, Duration timeout, int maxBodyBytes, Executor executor, StatusAccess access) {
    this.uri = uri;
    this.timeout = timeout;
    this.maxBodyBytes = maxBodyBytes;
    this.access = access;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor);
    if (access.tls() != null) {
      b.sslContext(access.tls());
    }
    this.client = b.build();
  }

  /**
   * A client for many targets ({@code /probe}): each {@link #fetch(URI, Duration)} names its URL;
   * {@code timeout} bounds the connect.
   */
  public static StatusClient forTargets(
      Duration timeout, int maxBodyBytes, Executor executor, StatusAccess access) {
    return new StatusClient(null, timeout, maxBodyBytes, executor, access);
  }

  /**
   * One GET that asks Apache to close the connection after the answer. An idle kept-alive
   * connection would hold a worker (a whole process under prefork) between polls, and one open when
   * Apache stops makes its children slower to exit: measured, the parent then needs 1.8-2.3 s
   * instead of 1.4 s, which is MPM-switch downtime.
   */
  private HttpRequest request(URI target, Duration deadline) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(target)
            .timeout(deadline)
            .header("User-Agent", USER_AGENT)
            .header("Accept", "text/plain")
            .GET();
    for (Map.Entry<String, String> h : access.headers()) {
      b.header(h.getKey(), h.getValue());
    }
    if (access.authorization() != null) {
      b.setHeader("Authorization", access.authorization());
    }
    if (access.hostOverride() != null) {
      b.setHeader("Host", access.hostOverride());
    }
    try {
      b.header("Connection", "close");
    } catch (IllegalArgumentException restricted) {
      // The JDK's client loaded before our property was set (in a test JVM): keep-alive then.
    }
    return b.build();
  }

  /** Fetches and parses the page, or throws a classified {@link PollFailure}. */
  public StatusPage fetch() throws PollFailure, InterruptedException {
    if (uri == null) {
      throw new IllegalStateException("a client for many targets: fetch(URI, Duration)");
    }
    return fetch(uri, timeout);
  }

  /**
   * Fetches and parses the page at {@code target} with this client's access settings, within {@code
   * deadline} (at most the client's own timeout, which bounds the connect), or throws a classified
   * {@link PollFailure}. One client serves many targets: {@code /probe} keeps one per module.
   */
  public StatusPage fetch(URI target, Duration deadline) throws PollFailure, InterruptedException {
    HttpRequest request = request(target, deadline);
    CompletableFuture<HttpResponse<String>> future =
        client.sendAsync(request, info -> new CappedBody(maxBodyBytes));
    HttpResponse<String> response;
    try {
      response = future.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new PollFailure(
          PollFailure.TIMEOUT, "no complete answer within " + deadline.toMillis() + "ms", e);
    } catch (CancellationException e) {
      throw new PollFailure(PollFailure.IO, "request cancelled", e);
    } catch (ExecutionException e) {
      throw classify(e.getCause(), target, deadline);
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    }
    int code = response.statusCode();
    if (code != 200) {
      String reason =
          code == 401 || code == 403
              ? PollFailure.AUTH
              : code >= 400 && code < 500
                  ? PollFailure.HTTP_4XX
                  : code >= 500 && code < 600 ? PollFailure.HTTP_5XX : PollFailure.HTTP_OTHER;
      throw new PollFailure(reason, "HTTP " + code + " from " + target);
    }
    try {
      return StatusParser.parse(response.body());
    } catch (ParseException e) {
      throw new PollFailure(PollFailure.NOT_AUTO, e.getMessage(), e);
    }
  }

  private PollFailure classify(Throwable t, URI target, Duration deadline) {
    Throwable c = t;
    while (c != null) {
      if (c instanceof BodyTooLargeException) {
        return new PollFailure(
            PollFailure.TOO_LARGE, "body larger than " + maxBodyBytes + " bytes", c);
      }
      if (c instanceof HttpConnectTimeoutException || c instanceof HttpTimeoutException) {
        return new PollFailure(
            PollFailure.TIMEOUT, "no answer within " + deadline.toMillis() + "ms", c);
      }
      if (c instanceof SSLException) {
        return new PollFailure(
            PollFailure.TLS, "TLS with " + target.getAuthority() + ": " + c.getMessage(), c);
      }
      if (c instanceof ConnectException) {
        return new PollFailure(
            PollFailure.REFUSED, "connection refused by " + target.getAuthority(), c);
      }
      c = c.getCause();
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return new PollFailure(PollFailure.IO, msg, t);
  }

  /** The body ran over the cap; the exchange was abandoned. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException() {
      super("body too large");
    }
  }

  /** Collects the body up to a cap; past it, cancels the stream and fails. */
  private static final class CappedBody implements HttpResponse.BodySubscriber<String> {
    private final int cap;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    private Flow.Subscription subscription;

    CappedBody(int cap) {
      this.cap = cap;
    }

    @Override
    public CompletionStage<String> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        if (bytes.size() + b.remaining() > cap) {
          subscription.cancel();
          result.completeExceptionally(new BodyTooLargeException());
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toString(StandardCharsets.UTF_8));
    }
  }
}
