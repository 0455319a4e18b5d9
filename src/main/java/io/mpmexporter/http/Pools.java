package io.mpmexporter.http;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker pools behind our HTTP listeners. The JDK's server reads a request's line and headers
 * on a pool thread, blocking: a client that sends one byte and stops holds that thread until the
 * read deadline ({@code sun.net.httpserver.maxReqTime}, set in {@code Listeners}) closes it. So the
 * pool grows to a bound instead of queueing (a queue would put a scrape behind every idle
 * connection), and beyond the bound a new connection is refused at once: the JDK's dispatcher
 * closes it when the pool rejects the task, and keeps accepting. (It cannot answer 503 there: the
 * JDK server gives the rejected task no way to write.)
 */
public final class Pools {
  /** Idle threads above the core ones end after this long. */
  static final long KEEP_ALIVE_SECONDS = 30;

  private Pools() {}

  /**
   * A pool of daemon threads named {@code name-N}: {@code core} kept, up to {@code max} while
   * connections need them, no queue, rejection when all are busy.
   */
  public static ThreadPoolExecutor elastic(String name, int core, int max) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        core,
        max,
        KEEP_ALIVE_SECONDS,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        },
        new ThreadPoolExecutor.AbortPolicy());
  }
}
