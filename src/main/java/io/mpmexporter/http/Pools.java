package io.mpmexporter.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The bounded worker pools behind our HTTP listeners. */
public final class Pools {
  private Pools() {}

  /**
   * A fixed pool of daemon threads named {@code name-N} with a bounded queue; when the queue is
   * full the accepting thread runs the request itself, which slows accepting down.
   */
  public static ThreadPoolExecutor bounded(String name, int threads, int queue) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        60,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queue),
        r -> {
          Thread t = new Thread(r, name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        },
        new ThreadPoolExecutor.CallerRunsPolicy());
  }
}
