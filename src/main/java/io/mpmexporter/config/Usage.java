package io.mpmexporter.config;

/** The {@code --help} texts, written from the flag declarations. */
public final class Usage {
  private Usage() {}

  /** The exporter's --help. */
  public static String exporter() {
    StringBuilder b = new StringBuilder();
    b.append("usage: apache-mpm-exporter [flags]\n");
    b.append("       apache-mpm-exporter render --status-file F [--ctl-file V] [--modules-file M]")
        .append(" [--apache.expected-mpm X] [--compat.apache-exporter]\n");
    b.append(
        "       apache-mpm-exporter advise [flags]   (the MPM advice for a person; advise --help)\n");
    b.append(
        "       apache-mpm-exporter rules [--runbook-base URL]   (alert rules for Prometheus)\n");
    b.append("       apache-mpm-exporter dashboard   (the Grafana dashboard JSON)\n");
    b.append("       apache-mpm-exporter switch-agent [flags]   (as root; switch-agent --help)\n");
    b.append("\nflags:\n");
    return flags(b, Flag.Command.EXPORTER);
  }

  /** The --help of {@code advise}. */
  public static String advise() {
    StringBuilder b = new StringBuilder();
    b.append("usage: apache-mpm-exporter advise [the exporter's flags]\n\n");
    b.append(
        "One look at the live server: Apache's memory per worker, MaxRequestWorkers against\n");
    b.append(
        "the memory budget, the recommended MPM and why. Exit status 0 ok, 1 warning (another\n");
    b.append(
        "MPM recommended), 2 critical (the workers would not fit in memory; also a bad flag),\n");
    b.append("3 unknown (Apache could not be read). It reads the flags below; --web.* and\n");
    b.append("--admin.* are accepted and ignored.\n\nflags:\n");
    return flags(b, Flag.Command.EXPORTER);
  }

  /** The --help of {@code render}. */
  public static String render() {
    StringBuilder b = new StringBuilder();
    b.append(
        "usage: apache-mpm-exporter render --status-file F [--ctl-file V] [--modules-file M]\n\n");
    b.append(
        "Prints the metrics the exporter would serve for saved outputs of server-status?auto,\n");
    b.append("apachectl -V and apachectl -M (support and debugging).\n\nflags:\n");
    return flags(b, Flag.Command.RENDER);
  }

  /** The --help of {@code rules}. */
  public static String rules() {
    StringBuilder b = new StringBuilder();
    b.append("usage: apache-mpm-exporter rules [--runbook-base URL] [--job-selector MATCHERS]\n\n");
    b.append("Prints the alert and recording rules for the Prometheus server that scrapes the\n");
    b.append("exporter (promtool check rules passes on them). Without --runbook-base the alerts\n");
    b.append(
        "carry no runbook_url. `apache-mpm-exporter dashboard` prints the Grafana dashboard.\n");
    b.append("\nflags:\n");
    return flags(b, Flag.Command.RULES);
  }

  /** The --help of {@code switch-agent}. */
  public static String agent() {
    StringBuilder b = new StringBuilder();
    b.append("usage: apache-mpm-exporter switch-agent [flags]\n\n");
    b.append(
        "The privileged half of the admin API: runs as root, serves the exporter's user on a\n");
    b.append(
        "Unix socket, and carries out an MPM switch (config, configtest, stop, start, verify,\n");
    b.append("rollback). It takes no path, command or module name from its caller.\n\nflags:\n");
    return flags(b, Flag.Command.AGENT);
  }

  private static String flags(StringBuilder b, Flag.Command command) {
    for (Flag<?> f : FlagReader.of(command)) {
      String value = f.defaultText().isEmpty() ? "\"\"" : f.defaultText();
      line(b, "--" + f.name() + (f.toggle() ? "" : "=" + value), f.help() + " [$" + f.env() + "]");
    }
    line(b, "--help", "Show this help.");
    line(b, "--version", "Show the version.");
    return b.toString();
  }

  private static void line(StringBuilder b, String left, String help) {
    b.append("  ")
        .append(left)
        .append(" ".repeat(Math.max(1, 58 - left.length())))
        .append(help)
        .append('\n');
  }
}
