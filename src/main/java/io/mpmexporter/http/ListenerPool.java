package io.mpmexporter.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.mpmexporter.base.DaemonThreads;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads behind one HTTP listener. The JDK's server reads a request's line and headers on a
 * pool thread, blocking: a client that sends one byte and stops holds that thread until the read
 * deadline ({@code sun.net.httpserver.maxReqTime}, set by {@code JdkHttpProperties}) closes it. So
 * the pool grows to a bound instead of queueing (a queue would put a scrape behind every idle
 * connection).
 *
 * <p>When all {@code max} threads are busy a new connection goes to a few overflow threads, which
 * read its request and answer 503 with {@code Retry-After} (the {@link #shedding()} filter) without
 * doing the work. When those are busy too the connection is closed unanswered: the JDK's dispatcher
 * closes a connection whose task the executor rejects, and keeps accepting. The dispatcher itself
 * never blocks here.
 */
public final class ListenerPool implements Executor, AutoCloseable {
  /** Idle threads above the core ones end after this long. */
  static final long KEEP_ALIVE_SECONDS = 30;

  /** Threads that answer 503 when the pool is full. */
  static final int OVERFLOW_THREADS = 8;

  /** Set while an overflow thread runs an exchange: its request gets 503. */
  private static final ThreadLocal<Boolean> SHEDDING = new ThreadLocal<>();

  private final String name;
  private final ThreadPoolExecutor workers;
  private final ThreadPoolExecutor overflow;
  private final AtomicLong shed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  /**
   * @param name the listener's name, in thread names and in the metrics
   * @param core threads kept when idle
   * @param max threads serving requests at once
   */
  public ListenerPool(String name, int core, int max) {
    this.name = name;
    this.overflow = pool(name + "-overflow", 0, OVERFLOW_THREADS);
    this.workers = pool(name, core, max);
  }

  private static ThreadPoolExecutor pool(String name, int core, int max) {
    return new ThreadPoolExecutor(
        core,
        max,
        KEEP_ALIVE_SECONDS,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        DaemonThreads.numbered(name),
        new ThreadPoolExecutor.AbortPolicy());
  }

  @Override
  public void execute(Runnable exchange) {
    try {
      workers.execute(exchange);
    } catch (RejectedExecutionException full) {
      try {
        overflow.execute(
            () -> {
              SHEDDING.set(Boolean.TRUE);
              try {
                exchange.run();
              } finally {
                SHEDDING.remove();
              }
            });
      } catch (RejectedExecutionException alsoFull) {
        dropped.incrementAndGet();
        throw alsoFull;
      }
    }
  }

  /**
   * A filter for every context of the listener: on an overflow thread it answers 503 and closes the
   * connection, elsewhere it passes the request on.
   */
  public Filter shedding() {
    return new Filter() {
      @Override
      public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        if (SHEDDING.get() == null) {
          chain.doFilter(ex);
          return;
        }
        shed.incrementAndGet();
        try (ex) {
          ex.getResponseHeaders().set("Retry-After", "1");
          ex.getResponseHeaders().set("Connection", "close");
          Responses.text(ex, 503, "Busy: too many connections; try again.\n");
        }
      }

      @Override
      public String description() {
        return "answers 503 when the listener's pool is full";
      }
    };
  }

  public String name() {
    return name;
  }

  /** Requests answered 503 because the pool was full. */
  public long shed() {
    return shed.get();
  }

  /** Connections closed unanswered because the pool and the overflow threads were all busy. */
  public long dropped() {
    return dropped.get();
  }

  /** Threads that serve connections at once. */
  public int max() {
    return workers.getMaximumPoolSize();
  }

  /** Threads serving a connection now (reading, handling or writing). */
  public int busy() {
    return workers.getActiveCount();
  }

  /** Overflow threads answering 503 now. */
  int overflowBusy() {
    return overflow.getActiveCount();
  }

  @Override
  public void close() {
    workers.shutdownNow();
    overflow.shutdownNow();
  }
}
