package io.mpmexporter.probe;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The {@code target} of a probe, read into the URL that would be fetched: {@code host}, {@code
 * host:port} or {@code [v6]:port} (the module's scheme and path), or a whole {@code http(s)://} URL
 * without credentials or fragment (its own path; the module's when it has none).
 *
 * @param host as {@link AllowedTargets#allows} matches it
 */
record ProbeTarget(URI uri, String host, int port) {

  /**
   * @throws IllegalArgumentException saying what is wrong with the target; nothing was fetched
   */
  static ProbeTarget parse(String target, ProbeModule module) {
    String lower = target.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return url(target, module);
    }
    if (lower.contains("://") || target.contains("/") || target.contains("@")) {
      throw new IllegalArgumentException(
          "target must be host, host:port or an http(s):// URL; got another form");
    }
    HostPort hp = HostPort.split(target);
    if (hp == null || !isHost(hp.host())) {
      throw new IllegalArgumentException("target is not host, host:port or [ipv6]:port");
    }
    int port = hp.port() < 0 ? module.defaultPort() : hp.port();
    URI uri = URI.create(module.scheme() + "://" + hp.host() + ":" + port + module.path());
    return new ProbeTarget(uri, hp.host(), port);
  }

  private static ProbeTarget url(String target, ProbeModule module) {
    URI uri;
    try {
      uri = new URI(target);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("target is not a URL: " + e.getReason());
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "target must not carry credentials; put them in the module's basic_auth");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("target must not have a #fragment");
    }
    String host = uri.getHost();
    if (host == null || !isHost(host)) {
      throw new IllegalArgumentException("target URL has no usable host");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? null : uri.getRawPath();
    String pathAndQuery =
        path == null
            ? module.path()
            : path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return new ProbeTarget(
        URI.create(scheme + "://" + host + ":" + port + pathAndQuery), host, port);
  }

  private static boolean isHost(String host) {
    return AllowedTargets.address(host) != null || AllowedTargets.name(host) != null;
  }
}
