package io.mpmexporter.agent;

import io.mpmexporter.config.UsageException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The agent's listening socket: the one systemd passes on stdin (socket activation, {@code
 * StandardInput=socket}), or one the agent binds itself, mode 0660 and owned by the allowed user's
 * group. The mode keeps other users from connecting at all; the peer-credential check in {@link
 * SwitchAgent} is what decides, whoever connects.
 */
public final class AgentSocket {
  private AgentSocket() {}

  /** The socket systemd handed over, or null when the agent was not socket-activated. */
  public static ServerSocketChannel inherited() throws IOException {
    Channel c = System.inheritedChannel();
    if (c instanceof ServerSocketChannel s
        && s.getLocalAddress() instanceof UnixDomainSocketAddress) {
      return s;
    }
    return null;
  }

  /**
   * Binds {@code path}, replacing a stale socket file, and gives it to {@code group}.
   *
   * @throws UsageException when another agent answers there, the path is not a socket, the group
   *     does not exist, or the folder is not the agent's own ({@link PrivateFolder})
   */
  public static ServerSocketChannel bind(Path path, String group)
      throws IOException, UsageException {
    GroupPrincipal owner;
    try {
      owner =
          FileSystems.getDefault()
              .getUserPrincipalLookupService()
              .lookupPrincipalByGroupName(group);
    } catch (IOException e) {
      throw new UsageException(
          "--admin.switch-user: no group named '" + group + "' to own the socket " + path);
    }
    Path dir = path.toAbsolutePath().getParent();
    PrivateFolder.require("--admin.switch-socket", dir, "rwxr-xr-x");
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      BasicFileAttributes attrs =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!attrs.isOther()) {
        throw new UsageException(
            "--admin.switch-socket: " + path + " exists and is not a socket; not replacing it");
      }
      if (answers(path)) {
        throw new UsageException("--admin.switch-socket: another switch agent is serving " + path);
      }
      Files.delete(path);
    }
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path), 8);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
    Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setGroup(owner);
    return server;
  }

  private static boolean answers(Path path) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(path));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
