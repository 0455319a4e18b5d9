package io.mpmexporter.mpm;

import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks, before anything is changed, that the loaded modules can run on the target MPM. The one
 * rule that matters in practice: mod_php from distributions (php_module, php7_module, ...) is built
 * without thread safety and refuses to start under event or worker ("Apache is running a threaded
 * MPM, but your PHP Module is not compiled to be threadsafe").
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
}
