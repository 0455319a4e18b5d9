package io.mpmexporter.config;

import static io.mpmexporter.config.Flag.Command.AGENT;
import static io.mpmexporter.config.Flag.Command.EXPORTER;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How to reach one Apache — its status page and its apachectl — as the exporter, the switch agent,
 * the advisor and the embedding API share it: values only. The TLS context and the password are
 * loaded from these paths when the program starts (by the wiring layer), not while flags are read.
 *
 * @param ctlCommand empty: no apachectl at all (the exporter then reads the status page only)
 * @param caFile null: the system's trust store
 * @param clientCertFile null: no client certificate (then {@code clientKeyFile} is null too)
 * @param hostOverride null: the URL's host
 * @param headers extra request headers, in order
 * @param statusUrl never with credentials in it: they are taken out into {@code username} and
 *     {@code urlPassword}
 * @param username null: no Basic auth
 * @param passwordFile where the password is read at start (null with {@code urlPassword})
 * @param urlPassword the password given in the URL (the Go exporter's way), null otherwise; never
 *     shown by {@link #toString()}
 */
public record ApacheAccess(
    URI statusUrl,
    List<String> ctlCommand,
    Duration timeout,
    Duration ctlTimeout,
    int statusMaxBytes,
    Path caFile,
    Path clientCertFile,
    Path clientKeyFile,
    boolean insecure,
    String hostOverride,
    List<Map.Entry<String, String>> headers,
    String username,
    Path passwordFile,
    String urlPassword) {

  public static final Flag<URI> STATUS_URL =
      Flag.of(
          "apache.status-url",
          FlagTypes.STATUS_URL,
          "http://localhost/server-status?auto",
          "URL of mod_status in ?auto form (alias --scrape_uri).",
          EXPORTER,
          AGENT);
  public static final Flag<List<String>> CTL =
      Flag.of(
          "apache.ctl",
          FlagTypes.COMMAND,
          "apachectl",
          "apachectl command, split on spaces, run without a shell (e.g. apache2ctl); empty"
              + " (--apache.ctl=) for none: no -V/-M polls, the running MPM from the status"
              + " page only.",
          EXPORTER,
          AGENT);
  public static final Flag<Path> CA_FILE =
      Flag.of(
          "apache.ca-file",
          FlagTypes.PATH,
          "",
          "PEM certificates to trust for an https status URL instead of the system's.",
          EXPORTER,
          AGENT);
  public static final Flag<Path> CLIENT_CERT_FILE =
      Flag.of(
          "apache.client-cert-file",
          FlagTypes.PATH,
          "",
          "PEM client certificate for a status page that requires one (mTLS).",
          EXPORTER,
          AGENT);
  public static final Flag<Path> CLIENT_KEY_FILE =
      Flag.of(
          "apache.client-key-file",
          FlagTypes.PATH,
          "",
          "Unencrypted PKCS#8 PEM key of --apache.client-cert-file.",
          EXPORTER,
          AGENT);
  public static final Flag<Boolean> INSECURE =
      Flag.toggle(
          "apache.insecure",
          false,
          "Do not verify the status page's certificate or name (logged as a warning).",
          EXPORTER,
          AGENT);
  public static final Flag<String> HOST_OVERRIDE =
      Flag.of(
          "apache.host-override",
          FlagTypes.matching(Pattern.compile("|[A-Za-z0-9.:\\[\\]-]+"), "a host[:port]"),
          "",
          "Host header for the status request (the URL's host is still dialled).",
          EXPORTER,
          AGENT);
  public static final Flag<List<Map.Entry<String, String>>> HEADER =
      Flag.of(
              "apache.header",
              FlagTypes.HEADERS,
              "",
              "Extra request header 'Name: value' for the status page; repeatable.",
              EXPORTER,
              AGENT)
          .repeatable();
  public static final Flag<String> USERNAME =
      Flag.of(
          "apache.username",
          FlagTypes.matching(Pattern.compile("[^:\\x00-\\x1f]*"), "a user name without a colon"),
          "",
          "Basic auth user for the status page (with --apache.password-file).",
          EXPORTER,
          AGENT);
  public static final Flag<Path> PASSWORD_FILE =
      Flag.of(
          "apache.password-file",
          FlagTypes.PATH,
          "",
          "File holding the Basic auth password (first line; never logged).",
          EXPORTER,
          AGENT);
  public static final Flag<Duration> TIMEOUT =
      Flag.of(
          "apache.timeout",
          FlagTypes.DURATION,
          "5s",
          "Deadline for one status request.",
          EXPORTER,
          AGENT);
  public static final Flag<Duration> CTL_TIMEOUT =
      Flag.of(
          "apache.ctl-timeout",
          FlagTypes.DURATION,
          "10s",
          "Deadline for one apachectl run.",
          EXPORTER,
          AGENT);
  public static final Flag<Integer> STATUS_MAX_BYTES =
      Flag.of(
          "apache.status-max-bytes",
          FlagTypes.atLeast(1024),
          "1048576",
          "Largest status body accepted.",
          EXPORTER,
          AGENT);

  /** The declarations above, in the order of {@code --help}. */
  static final List<Flag<?>> FLAGS =
      List.of(
          STATUS_URL,
          CTL,
          CA_FILE,
          CLIENT_CERT_FILE,
          CLIENT_KEY_FILE,
          INSECURE,
          HOST_OVERRIDE,
          HEADER,
          USERNAME,
          PASSWORD_FILE,
          TIMEOUT,
          CTL_TIMEOUT,
          STATUS_MAX_BYTES);

  public ApacheAccess {
    ctlCommand = List.copyOf(ctlCommand);
    headers = List.copyOf(headers);
  }

  /** An open status page over plain settings: no TLS files, no extra headers, no credentials. */
  public static ApacheAccess open(
      URI statusUrl,
      List<String> ctlCommand,
      Duration timeout,
      Duration ctlTimeout,
      int statusMaxBytes) {
    return new ApacheAccess(
        statusUrl,
        ctlCommand,
        timeout,
        ctlTimeout,
        statusMaxBytes,
        null,
        null,
        null,
        false,
        null,
        List.of(),
        null,
        null,
        null);
  }

  /** Whether anything needs a TLS context of our own (else the JDK's default one serves). */
  public boolean customTls() {
    return caFile != null || clientCertFile != null || insecure;
  }

  /** The access flags, checked against each other; files are not opened here. */
  static ApacheAccess from(FlagValues v) throws UsageException {
    URI given = v.get(STATUS_URL);
    URI url = FlagTypes.withoutUserInfo(given);
    boolean https = url.getScheme().equalsIgnoreCase("https");
    Path ca = v.get(CA_FILE);
    Path cert = v.get(CLIENT_CERT_FILE);
    Path key = v.get(CLIENT_KEY_FILE);
    boolean insecure = v.get(INSECURE);
    if ((cert == null) != (key == null)) {
      throw new UsageException(
          "--apache.client-cert-file and --apache.client-key-file go together");
    }
    if (!https && (ca != null || cert != null || insecure)) {
      throw new UsageException(
          "--apache.ca-file, --apache.client-cert-file and --apache.insecure need an https://"
              + " --apache.status-url");
    }
    if (insecure && ca != null) {
      throw new UsageException("--apache.insecure and --apache.ca-file contradict each other");
    }
    List<Map.Entry<String, String>> headers = v.get(HEADER);
    String user = v.get(USERNAME);
    Path passwordFile = v.get(PASSWORD_FILE);
    String urlPassword = null;
    if (given.getRawUserInfo() != null) {
      String info = given.getUserInfo();
      int colon = info.indexOf(':');
      if (colon <= 0 || colon == info.length() - 1) {
        throw new UsageException(
            "--apache.status-url: credentials in the URL must be user:password (better:"
                + " --apache.username and --apache.password-file)");
      }
      if (!user.isEmpty() || passwordFile != null) {
        throw new UsageException(
            "--apache.status-url has credentials and --apache.username/--apache.password-file are"
                + " set: give one of them");
      }
      user = info.substring(0, colon);
      urlPassword = info.substring(colon + 1);
    } else if (user.isEmpty() != (passwordFile == null)) {
      throw new UsageException("--apache.username and --apache.password-file go together");
    }
    if (!user.isEmpty()
        && headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Authorization"))) {
      throw new UsageException("--apache.username and an Authorization --apache.header conflict");
    }
    String host = v.get(HOST_OVERRIDE);
    return new ApacheAccess(
        url,
        v.get(CTL),
        v.get(TIMEOUT),
        v.get(CTL_TIMEOUT),
        v.get(STATUS_MAX_BYTES),
        ca,
        cert,
        key,
        insecure,
        host.isEmpty() ? null : host,
        headers,
        user.isEmpty() ? null : user,
        passwordFile,
        urlPassword);
  }

  @Override
  public String toString() {
    return "ApacheAccess[statusUrl="
        + statusUrl
        + ", ctl="
        + String.join(" ", ctlCommand)
        + ", tls="
        + customTls()
        + ", insecure="
        + insecure
        + ", hostOverride="
        + hostOverride
        + ", headers="
        + headers.stream().map(Map.Entry::getKey).toList()
        + ", basicAuth="
        + (username != null)
        + "]";
  }
}
