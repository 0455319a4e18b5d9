package io.mpmexporter.bench;

import io.mpmexporter.Fixtures;
import io.mpmexporter.apache.ParseException;
import io.mpmexporter.apache.StatusPage;
import io.mpmexporter.apache.StatusParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: parsing a status page. "typical" is a recorded event-MPM page under load (Debian 2.4.71, 150
 * scoreboard slots); "large" is the same page with a 16,384-slot scoreboard (synthetic: the largest
 * ServerLimit × ThreadLimit of a big threaded server). Run with bench/parser-jmh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StatusParserBenchmark {
  private String typical;
  private String large;

  @Setup
  public void read() {
    typical = Fixtures.real("status-event-under-load.txt");
    String states = "_W_K_R.CLGIS";
    StringBuilder board = new StringBuilder(16_384);
    for (int i = 0; i < 16_384; i++) {
      board.append(i < 8_000 ? states.charAt(i % states.length()) : '.');
    }
    large = typical.replaceFirst("(?m)^Scoreboard: .*$", "Scoreboard: " + board);
  }

  @Benchmark
  public StatusPage typical() throws ParseException {
    return StatusParser.parse(typical);
  }

  @Benchmark
  public StatusPage large() throws ParseException {
    return StatusParser.parse(large);
  }
}
