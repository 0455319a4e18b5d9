package io.mpmexporter.apache;

import java.util.List;

/** A failed read of Apache, classified by a short reason that becomes a metric label. */
public final class PollFailure extends Exception {
  private static final long serialVersionUID = 1L;

  // Reasons for the status page.
  public static final String REFUSED = "refused";
  public static final String TIMEOUT = "timeout";

  /** 401 or 403: credentials, client certificate or a Require rule refused us. */
  public static final String AUTH = "auth";

  /** The TLS handshake failed: an untrusted server, a refused client certificate. */
  public static final String TLS = "tls";

  public static final String HTTP_4XX = "http_4xx";
  public static final String HTTP_5XX = "http_5xx";
  public static final String HTTP_OTHER = "http_other";
  public static final String TOO_LARGE = "too_large";
  public static final String NOT_AUTO = "not_auto";
  public static final String IO = "io";
  // Reasons for apachectl.
  public static final String CTL_EXIT = "ctl_exit";
  public static final String CTL_TIMEOUT = "ctl_timeout";
  public static final String CTL_EXEC = "ctl_exec";
  // Output that has the right shape but could not be read.
  public static final String PARSE = "parse";

  public static final List<String> STATUS_REASONS =
      List.of(REFUSED, TIMEOUT, TLS, AUTH, HTTP_4XX, HTTP_5XX, HTTP_OTHER, TOO_LARGE, NOT_AUTO, IO);
  public static final List<String> CTL_REASONS = List.of(CTL_EXIT, CTL_TIMEOUT, CTL_EXEC, PARSE);

  private final String reason;

  public PollFailure(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public PollFailure(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
