package io.mpmexporter.app;

import io.mpmexporter.agent.AgentSocket;
import io.mpmexporter.agent.ApacheService;
import io.mpmexporter.agent.JournalFile;
import io.mpmexporter.agent.PrivateFolder;
import io.mpmexporter.agent.SwitchAgent;
import io.mpmexporter.agent.SwitchService;
import io.mpmexporter.apache.PollFailure;
import io.mpmexporter.apache.ProcessCommandRunner;
import io.mpmexporter.apache.StatusAccess;
import io.mpmexporter.apache.StatusClient;
import io.mpmexporter.base.BuildInfo;
import io.mpmexporter.base.DaemonThreads;
import io.mpmexporter.config.AgentConfig;
import io.mpmexporter.config.ConfigParser;
import io.mpmexporter.config.Usage;
import io.mpmexporter.config.UsageException;
import io.mpmexporter.log.Log;
import io.mpmexporter.mpm.ApacheProcess;
import io.mpmexporter.mpm.ConfigBackend;
import io.mpmexporter.mpm.DebianModules;
import io.mpmexporter.mpm.HandoverReadiness;
import io.mpmexporter.mpm.HandoverSetup;
import io.mpmexporter.mpm.MpmSwitcher;
import io.mpmexporter.mpm.RhelMpmConf;
import io.mpmexporter.mpm.SwitchCommands;
import io.mpmexporter.mpm.SwitchException;
import io.mpmexporter.switchapi.AgentSetup;
import io.mpmexporter.switchapi.AuditLog;
import java.io.IOException;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** {@code apache-mpm-exporter switch-agent}: wires the switch procedure to the agent socket. */
public final class AgentMain {
  /** How long the parent may take to exit after stop or to appear after start. */
  static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  /** How long a started Apache may take to answer with the target MPM. */
  static final Duration VERIFY_TIMEOUT = Duration.ofSeconds(15);

  /** How long a stopping agent waits for a switch in progress: longer than a switch can take. */
  static final Duration SHUTDOWN_GRACE = Duration.ofMinutes(2);

  private AgentMain() {}

  /** Runs the agent until it is stopped; returns the exit code. */
  public static int run(String[] args, Map<String, String> env) {
    List<String> list = List.of(args);
    if (list.contains("--help") || list.contains("-h")) {
      System.out.print(Usage.agent());
      return 0;
    }
    AgentConfig config;
    try {
      config = ConfigParser.parseAgent(args, env);
    } catch (UsageException e) {
      System.err.println("apache-mpm-exporter switch-agent: " + e.getMessage());
      System.err.println("Run with switch-agent --help for the flags.");
      return 2;
    }
    StatusAccess access;
    try {
      access = StatusAccessLoader.load(config.apache());
    } catch (UsageException e) {
      System.err.println("apache-mpm-exporter switch-agent: " + e.getMessage());
      return 2;
    }
    Log.configure(config.log().level(), config.log().format());
    StatusAccessLoader.warn(config.apache());
    ExecutorService http =
        Executors.newSingleThreadExecutor(DaemonThreads.named("agent-status-client"));
    ProcessCommandRunner runner =
        new ProcessCommandRunner(1 << 20, ProcessCommandRunner.SYSTEM_PATH);
    try {
      SwitchCommands commands =
          new SwitchCommands(config.apache().ctlCommand(), config.apache().ctlTimeout(), runner);
      // One way to build a status client: the main URL and the bridge's private one share it.
      Function<URI, MpmSwitcher.StatusSource> statusAt =
          uri ->
              statusSource(
                  new StatusClient(
                      uri,
                      config.apache().timeout(),
                      config.apache().statusMaxBytes(),
                      http,
                      access));
      if (config.auditLog() != null) {
        Path folder = config.auditLog().toAbsolutePath().getParent();
        PrivateFolder.require("--admin.audit-log", folder, "rwxr-x---");
      }
      AuditLog audit = AuditLog.open(config.auditLog());
      JournalFile records = JournalFile.open(config.stateDir(), audit, env);
      ApacheService.Commands service =
          ApacheService.choose(config, commands, Path.of("/run/systemd/system"));
      ApacheProcess process =
          new ApacheProcess(
              commands, service.stop(), service.start(), service.reset(), EXIT_TIMEOUT);
      ConfigBackend backend = backend(config, commands, env);
      HandoverSetup handover =
          new HandoverSetup(
              config.apache().statusUrl(),
              statusAt,
              service.gracefulStop(),
              service.unit() != null,
              HandoverReadiness.MIGRATE_REQ);
      MpmSwitcher switcher =
          new MpmSwitcher(
              commands,
              process,
              backend,
              statusAt.apply(config.apache().statusUrl()),
              VERIFY_TIMEOUT,
              handover);
      ServerSocketChannel channel = AgentSocket.inherited();
      boolean activated = channel != null;
      if (!activated) {
        channel = AgentSocket.bind(config.socket(), config.user());
      }
      AgentSetup setup =
          new AgentSetup(
              BuildInfo.version(),
              channel.getLocalAddress().toString(),
              activated,
              service.unit(),
              String.join(" ", service.stop()),
              String.join(" ", service.start()),
              config.stateDir().toString());
      SwitchAgent agent =
          new SwitchAgent(
              channel, config.user(), new SwitchService(switcher, audit, records, setup));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(agent), "agent-shutdown"));
      Log.info(
          "switch agent started",
          "version",
          BuildInfo.version(),
          "socket",
          setup.socket(),
          "socket_activated",
          activated,
          "user",
          config.user(),
          "backend",
          backend.name(),
          "stop_cmd",
          setup.stopCmd(),
          "start_cmd",
          setup.startCmd(),
          "root",
          "root".equals(System.getProperty("user.name")));
      // Before the first request: a switch cut off by this agent's predecessor is finished or
      // undone.
      agent.recoverPending();
      agent.serve(activated ? config.idleExit() : Duration.ZERO);
      // Stopped: a switch in progress still needs the command runner that the finally block closes.
      agent.awaitIdle(SHUTDOWN_GRACE);
      return 0;
    } catch (UsageException e) {
      System.err.println("apache-mpm-exporter switch-agent: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      Log.error("switch agent failed", "err", e.toString());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      runner.close();
      http.shutdownNow();
    }
  }

  /**
   * Stops accepting, then lets a switch in progress finish (systemd waits 150 s: TimeoutStopSec).
   */
  private static void shutdown(SwitchAgent agent) {
    agent.close();
    try {
      if (!agent.awaitIdle(SHUTDOWN_GRACE)) {
        Log.error("switch agent: exiting with a switch still in progress; check Apache");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * auto: Debian when the confdir (APACHE_CONFDIR, else /etc/apache2) has
   * mods-available/mpm_*.load, rhel when the 00-mpm.conf file exists.
   */
  static ConfigBackend backend(AgentConfig config, SwitchCommands commands, Map<String, String> env)
      throws UsageException {
    Path confdir = Path.of(env.getOrDefault("APACHE_CONFDIR", "/etc/apache2"));
    boolean debian = Files.exists(confdir.resolve("mods-available/mpm_event.load"));
    boolean rhel = Files.exists(config.rhelMpmConf());
    String choice = config.backend();
    if (choice.equals("auto")) {
      if (!debian && !rhel) {
        throw new UsageException(
            "--admin.backend: found neither "
                + confdir.resolve("mods-available")
                + " (Debian) nor "
                + config.rhelMpmConf()
                + " (RHEL); set --admin.backend and --admin.rhel-mpm-conf");
      }
      choice = debian ? "debian" : "rhel";
    }
    if (choice.equals("debian")) {
      return new DebianModules(
          confdir.resolve("mods-enabled"), config.a2enmod(), config.a2dismod(), commands);
    }
    if (!rhel) {
      throw new UsageException(
          "--admin.rhel-mpm-conf: " + config.rhelMpmConf() + " does not exist");
    }
    return new RhelMpmConf(config.rhelMpmConf());
  }

  /**
   * The switch's view of a status client: a page that cannot be read is a step that failed, with
   * the client's one-line message (its metric reason belongs to the exporter, not to a switch).
   */
  static MpmSwitcher.StatusSource statusSource(StatusClient client) {
    return () -> {
      try {
        return client.fetch();
      } catch (PollFailure e) {
        throw new SwitchException(e.getMessage());
      }
    };
  }
}
