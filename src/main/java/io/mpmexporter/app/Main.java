package io.mpmexporter.app;

import com.sun.net.httpserver.HttpHandler;
import io.mpmexporter.admin.AdminMetrics;
import io.mpmexporter.admin.AdminServer;
import io.mpmexporter.apache.ParseException;
import io.mpmexporter.base.BuildInfo;
import io.mpmexporter.config.Config;
import io.mpmexporter.config.ConfigParser;
import io.mpmexporter.config.Durations;
import io.mpmexporter.config.ListenAddress;
import io.mpmexporter.config.Usage;
import io.mpmexporter.config.UsageException;
import io.mpmexporter.http.CachedMetricsHandler;
import io.mpmexporter.http.ExporterServer;
import io.mpmexporter.http.LandingPage;
import io.mpmexporter.http.ListenerCollector;
import io.mpmexporter.http.ListenerPool;
import io.mpmexporter.http.WebConfigParser;
import io.mpmexporter.http.WebSecurity;
import io.mpmexporter.log.Log;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.GarbageCollectorExports;
import io.prometheus.client.hotspot.MemoryPoolsExports;
import io.prometheus.client.hotspot.StandardExports;
import io.prometheus.client.hotspot.ThreadExports;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/** Entry point: parses the configuration, wires the parts, starts them and waits for a signal. */
public final class Main {
  /** How long a rendered /metrics body may serve when no poll came in between (JVM metrics). */
  private static final long METRICS_MAX_AGE_MILLIS = 1000;

  private Main() {}

  public static void main(String[] args) {
    JdkHttpProperties.apply();
    List<String> list = Arrays.asList(args);
    boolean command = !list.isEmpty() && !list.get(0).startsWith("-");
    if (!command && (list.contains("--help") || list.contains("-h"))) {
      System.out.print(Usage.exporter());
      return;
    }
    if (list.contains("--version")) {
      System.out.println("apache-mpm-exporter " + BuildInfo.version());
      return;
    }
    if (!list.isEmpty() && list.get(0).equals("render")) {
      System.exit(render(Arrays.copyOfRange(args, 1, args.length)));
    }
    if (!list.isEmpty() && (list.get(0).equals("rules") || list.get(0).equals("dashboard"))) {
      String[] rest = Arrays.copyOfRange(args, 1, args.length);
      System.exit(RulesCommand.run(list.get(0), rest, System.out, System.err));
    }
    if (!list.isEmpty() && list.get(0).equals("advise")) {
      System.exit(advise(Arrays.copyOfRange(args, 1, args.length)));
    }
    if (!list.isEmpty() && list.get(0).equals("switch-agent")) {
      System.exit(AgentMain.run(Arrays.copyOfRange(args, 1, args.length), System.getenv()));
    }
    Config config;
    try {
      config = ConfigParser.parse(args, System.getenv());
    } catch (UsageException e) {
      System.err.println("apache-mpm-exporter: " + e.getMessage());
      System.err.println("Run with --help for the flags.");
      System.exit(2);
      return;
    }
    try {
      run(config);
    } catch (UsageException e) {
      System.err.println("apache-mpm-exporter: " + e.getMessage());
      System.exit(2);
    } catch (IOException e) {
      Log.error("cannot start", "err", e.toString(), "listen", config.listenAddress());
      System.exit(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void run(Config config) throws IOException, InterruptedException, UsageException {
    Log.configure(config.log().level(), config.log().format());
    String version = BuildInfo.version();
    LocalApache local = LocalApache.of(config);
    CollectorRegistry registry = new CollectorRegistry();
    local.register(registry, config, version);
    // The JVM's process, memory, GC and thread metrics (a leak shows there); not DefaultExports'
    // class-loading, buffer-pool, version and allocation exports: memory for little use here.
    new StandardExports().register(registry);
    new MemoryPoolsExports().register(registry);
    new GarbageCollectorExports().register(registry);
    new ThreadExports().register(registry);
    AdminMetrics adminMetrics = new AdminMetrics(registry);

    WebSecurity security =
        config.webConfigFile() == null
            ? WebSecurity.none()
            : WebSecurity.from(WebConfigParser.read(config.webConfigFile()));
    HttpHandler probe = ProbeEndpoint.create(config, registry);
    local.start();
    AdminServer admin;
    try {
      admin = local.startAdmin(config, adminMetrics);
    } catch (UsageException e) {
      local.close();
      throw e;
    }
    if (admin != null) {
      Log.info(
          "admin API listening",
          "listen",
          new ListenAddress(config.admin().listenAddress().host(), admin.address().getPort()),
          "tls",
          config.admin().tlsCert() != null,
          "switch_socket",
          config.admin().switchSocket());
    }
    CachedMetricsHandler metrics =
        new CachedMetricsHandler(
            registry, local.snapshot(), adminMetrics::events, METRICS_MAX_AGE_MILLIS);
    String landing = LandingPage.html(version, config.telemetryPath(), local.watching(config));
    List<ExporterServer> servers = new ArrayList<>();
    List<ListenAddress> bound = new ArrayList<>();
    List<ListenerPool> pools = new ArrayList<>();
    try {
      for (ListenAddress address : config.listenAddresses()) {
        ExporterServer server =
            new ExporterServer(
                address.toSocketAddress(),
                config.telemetryPath(),
                metrics,
                local.ready(),
                landing,
                security);
        server.mount(ProbeEndpoint.PATH, probe);
        servers.add(server);
        bound.add(new ListenAddress(address.host(), server.address().getPort()));
        pools.add(server.pool());
      }
    } catch (IOException e) {
      servers.forEach(ExporterServer::close);
      throw e;
    }
    if (admin != null) {
      pools.add(admin.pool());
    }
    registry.register(new ListenerCollector(pools));
    Log.info(
        "apache-mpm-exporter started",
        "version",
        version,
        "listen",
        bound.stream().map(ListenAddress::toString).collect(Collectors.joining(",")),
        "tls",
        security.tls() != null,
        "basic_auth",
        security.auth() != null,
        "path",
        config.telemetryPath(),
        "status_url",
        local.watching(config),
        "status_access",
        config.apache(),
        "ctl",
        config.ctlEnabled() ? String.join(" ", config.apache().ctlCommand()) : "none",
        "poll_interval",
        Durations.format(config.pollInterval()),
        "ctl_interval",
        Durations.format(config.ctlInterval()),
        "expected_mpm",
        String.join(",", config.expectedMpms()));

    AdminServer adminServer = admin;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Log.info("shutting down");
                  servers.forEach(ExporterServer::close);
                  if (adminServer != null) {
                    adminServer.close();
                  }
                  local.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
  }

  /** {@code advise}: the exporter's flags; 0/1/2/3 for ok/warning/critical/unknown. */
  private static int advise(String[] args) {
    if (Arrays.asList(args).contains("--help")) {
      System.out.print(Usage.advise());
      return 0;
    }
    try {
      Config config = ConfigParser.parse(args, System.getenv());
      Log.configure(Log.Level.ERROR, config.log().format());
      return AdviseCommand.run(config, System.out);
    } catch (UsageException e) {
      System.err.println("apache-mpm-exporter advise: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return AdviseCommand.UNKNOWN;
    }
  }

  private static int render(String[] args) {
    if (Arrays.asList(args).contains("--help")) {
      System.out.print(Usage.render());
      return 0;
    }
    try {
      RenderCommand.run(args, new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
      return 0;
    } catch (UsageException e) {
      System.err.println("apache-mpm-exporter render: " + e.getMessage());
      return 2;
    } catch (ParseException e) {
      System.err.println("apache-mpm-exporter render: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      System.err.println("apache-mpm-exporter render: " + e.getMessage());
      return 1;
    }
  }
}
