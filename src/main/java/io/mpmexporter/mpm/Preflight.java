package io.mpmexporter.mpm;

import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks, before anything is changed, that the switch may start from what runs and what is on disk,
 * and that the loaded modules can run on the target MPM. The one module rule that matters in
 * practice: mod_php from distributions (php_module, php7_module, ...) is built without thread
 * safety and refuses to start under event or worker ("Apache is running a threaded MPM, but your
 * PHP Module is not compiled to be threadsafe").
 */
public final class Preflight {
  private static final Pattern NOT_THREAD_SAFE = Pattern.compile("php\\d*_module");

  private Preflight() {}

  /** The first loaded module that cannot run on {@code target}, if any. */
  public static Optional<String> incompatibleModule(Collection<String> modules, Mpm target) {
    return target.threaded() ? notThreadSafe(modules) : Optional.empty();
  }

  /**
   * The first loaded module that is not thread-safe, if any: the one rule the switch and the
   * advisor share (only prefork can run it).
   */
  public static Optional<String> notThreadSafe(Collection<String> modules) {
    return modules.stream().filter(m -> NOT_THREAD_SAFE.matcher(m).matches()).sorted().findFirst();
  }

  /**
   * Why a switch cannot start from what runs ({@code running}, from the status page) and what is on
   * disk ({@code configured}, from -V), or null when it can: both must be MPMs this endpoint
   * manages, {@code expect_current} must match, and a change already waiting for a restart is only
   * replaced with {@code force}.
   */
  static String precondition(SwitchRequest request, String running, String configured) {
    Mpm target = request.target();
    String from = running;
    if (from == null) {
      return "the status page has no ServerMPM line (httpd before 2.4.13?)";
    }
    if (Mpm.byName(from).isEmpty()) {
      return "the running MPM '" + from + "' is not one this endpoint manages";
    }
    if (request.expectCurrent() != null && !request.expectCurrent().label().equals(from)) {
      return "expect_current is " + request.expectCurrent().label() + " but " + from + " runs";
    }
    if (configured == null) {
      return "apachectl -V names no MPM: the configuration on disk is broken";
    }
    if (!configured.equals(from) && !request.force()) {
      return "a change to "
          + configured
          + " is already waiting for a restart (running "
          + from
          + "); send force=true to replace it with "
          + target.label();
    }
    return null;
  }
}
