package io.mpmexporter.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The unprivileged user the exporter runs as in the admin tests, the way the package runs it: its
 * own system user, under {@code setpriv --no-new-privs} (what systemd's {@code NoNewPrivileges=yes}
 * does), while the switch agent runs as root. As root the tests make the user {@value #NAME} and
 * remove it again; as another user they run both halves as that user.
 */
final class DaemonUser implements AutoCloseable {
  static final String NAME = "mpmx-it";

  private final String name;
  private final boolean created;

  private DaemonUser(String name, boolean created) {
    this.name = name;
    this.created = created;
  }

  static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The test user (made now if missing), or the current user when not root. */
  static DaemonUser create() throws Exception {
    Tools.require("setpriv", "util-linux");
    if (!root()) {
      return new DaemonUser(System.getProperty("user.name"), false);
    }
    boolean exists = Tools.output("getent", "passwd", NAME).startsWith(NAME + ":");
    if (!exists) {
      Tools.outputOk(
          "useradd",
          "--system",
          "--user-group",
          "--no-create-home",
          "--home-dir",
          "/nonexistent",
          "--shell",
          "/usr/sbin/nologin",
          NAME);
    }
    return new DaemonUser(NAME, !exists);
  }

  String name() {
    return name;
  }

  /** The command prefix that runs a program as this user with no way to gain privileges. */
  List<String> prefix() {
    List<String> p = new ArrayList<>(List.of("setpriv", "--no-new-privs"));
    if (root()) {
      p.addAll(List.of("--reuid=" + name, "--regid=" + name, "--init-groups"));
    }
    p.add("--");
    return p;
  }

  /** A folder the user owns (mode 0700), for its token file and audit log. */
  Path home(Path parent) throws Exception {
    Path dir = Files.createDirectories(parent.resolve("daemon-" + name));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    chown(dir);
    return dir;
  }

  /** Gives a file to this user (a no-op when not root). */
  void chown(Path file) throws Exception {
    if (root()) {
      Tools.outputOk("chown", name + ":" + name, file.toString());
    }
  }

  @Override
  public void close() throws java.io.IOException {
    if (created) {
      try {
        Tools.output("userdel", NAME);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        throw new java.io.IOException("userdel " + NAME, e);
      }
    }
  }
}
