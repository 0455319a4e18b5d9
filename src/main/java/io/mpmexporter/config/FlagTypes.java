package io.mpmexporter.config;

import io.mpmexporter.log.Log;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value types of the flags; each error names the flag and the text it refused. */
public final class FlagTypes {
  private static final Pattern SIZE =
      Pattern.compile("([0-9]{1,15})\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?");

  /** An HTTP header name (RFC 9110 token). */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Headers a flag may not set: the client owns them, or another flag does. */
  private static final Set<String> RESERVED =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

  private FlagTypes() {}

  /** The text as given. */
  public static final Flag.Type<String> STRING = (flag, text) -> text;

  /** true/1/yes or false/0/no/empty. */
  public static final Flag.Type<Boolean> BOOL =
      (flag, text) ->
          switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no", "" -> false;
            default -> throw new UsageException(flag + ": '" + text + "' is not true or false");
          };

  /** A file or folder; empty gives null (not set). */
  public static final Flag.Type<Path> PATH =
      (flag, text) -> {
        if (text.isEmpty()) {
          return null;
        }
        try {
          return Path.of(text);
        } catch (InvalidPathException e) {
          // Found by fuzzing: a NUL byte in a path flag.
          throw new UsageException(flag + ": not a usable path: " + e.getReason());
        }
      };

  /** A positive duration such as 500ms, 5s, 1m30s. */
  public static final Flag.Type<Duration> DURATION = Durations::parse;

  /** A duration, where 0s means off. */
  public static final Flag.Type<Duration> DURATION_OR_ZERO = Durations::parseOrZero;

  /** A command split on spaces, run without a shell; empty text gives an empty list. */
  public static final Flag.Type<List<String>> COMMAND =
      (flag, text) -> {
        String t = text.trim();
        if (t.isEmpty()) {
          return List.of();
        }
        for (char c : t.toCharArray()) {
          if (c == '\'' || c == '"' || c == '\\') {
            throw new UsageException(
                flag
                    + ": quotes and backslashes are not supported (the command runs without a"
                    + " shell)");
          }
        }
        return List.of(t.split("\\s+"));
      };

  /** Like {@link #COMMAND}, but never empty. */
  public static final Flag.Type<List<String>> REQUIRED_COMMAND =
      (flag, text) -> {
        List<String> command = COMMAND.parse(flag, text);
        if (command.isEmpty()) {
          throw new UsageException(flag + ": empty command");
        }
        return command;
      };

  /** debug, info, warn or error. */
  public static final Flag.Type<Log.Level> LOG_LEVEL =
      (flag, text) -> {
        try {
          return Log.Level.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new UsageException(flag + ": '" + text + "' is not debug, info, warn or error");
        }
      };

  /** logfmt or json. */
  public static final Flag.Type<String> LOG_FORMAT = oneOf("logfmt", "json");

  /** One {@code host:port}. */
  public static final Flag.Type<ListenAddress> LISTEN_ADDRESS = ListenAddress::parse;

  /** Repeated {@code host:port}s, none twice. */
  public static final Flag.Type<List<ListenAddress>> LISTEN_ADDRESSES =
      (flag, text) -> {
        List<ListenAddress> out = new ArrayList<>();
        for (String one : text.split("\n", -1)) {
          ListenAddress a = ListenAddress.parse(flag, one);
          if (out.contains(a)) {
            throw new UsageException(flag + ": " + one + " is given twice");
          }
          out.add(a);
        }
        return out;
      };

  /**
   * A size such as {@code 2GiB}, {@code 512M} or {@code 1073741824}; K, M, G and T are powers of
   * 1024 (as free and ps count), with or without "iB". Empty: 0.
   */
  public static final Flag.Type<Long> SIZE_OR_ZERO =
      (flag, text) -> {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
          return 0L;
        }
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
          throw new UsageException(flag + ": '" + text + "' is not a size such as 2GiB or 512MiB");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        int shift =
            switch (unit.charAt(0)) {
              case 'k' -> 10;
              case 'm' -> 20;
              case 'g' -> 30;
              case 't' -> 40;
              default -> 0;
            };
        if (n == 0 || n > (Long.MAX_VALUE >> shift)) {
          throw new UsageException(flag + ": '" + text + "' must be above 0 and below 8 EiB");
        }
        return n << shift;
      };

  /** A whole number of at least {@code min}. */
  public static Flag.Type<Integer> atLeast(int min) {
    return (flag, text) -> {
      int n;
      try {
        n = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        n = min - 1;
      }
      if (n < min) {
        throw new UsageException(flag + ": '" + text + "' must be a number >= " + min);
      }
      return n;
    };
  }

  /** One of {@code allowed}, as written. */
  public static Flag.Type<String> oneOf(String... allowed) {
    return (flag, text) -> {
      if (!List.of(allowed).contains(text)) {
        throw new UsageException(
            flag
                + ": '"
                + text
                + "' is not "
                + String.join(", ", allowed).replaceFirst(", ([^,]*)$", " or $1"));
      }
      return text;
    };
  }

  /** Text matching {@code pattern}; {@code what} says what it should be in the error. */
  public static Flag.Type<String> matching(Pattern pattern, String what) {
    return (flag, text) -> {
      if (!pattern.matcher(text).matches()) {
        throw new UsageException(flag + ": '" + text + "' is not " + what);
      }
      return text;
    };
  }

  /**
   * An http(s) URL with a host, as --apache.status-url takes it; credentials in it ({@code
   * user:password@}, the Go exporter's way) are kept for {@link ApacheAccess} to take out, and
   * never shown in an error.
   */
  public static final Flag.Type<URI> STATUS_URL = FlagTypes::statusUrl;

  /** {@code //user:password@} in a URL's text, for messages. */
  private static final Pattern URL_PASSWORD = Pattern.compile("(//[^/@?#]*?):[^/?#]*@");

  /** The URL's text with any password in it replaced by {@code ***}. */
  public static String masked(String url) {
    return URL_PASSWORD.matcher(url).replaceFirst("$1:***@");
  }

  private static URI statusUrl(String flag, String raw) throws UsageException {
    URI uri;
    String text = masked(raw);
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      throw new UsageException(flag + ": '" + text + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new UsageException(
          flag
              + ": '"
              + text
              + "' must be an http(s) URL with a host, e.g."
              + " http://127.0.0.1/server-status?auto");
    }
    return uri;
  }

  /** Repeated 'Name: value' lines; names the client or another flag owns are refused. */
  public static final Flag.Type<List<Map.Entry<String, String>>> HEADERS = FlagTypes::headers;

  private static List<Map.Entry<String, String>> headers(String flag, String text)
      throws UsageException {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (text.isEmpty()) {
      return out;
    }
    for (String h : text.split("\n", -1)) {
      int colon = h.indexOf(':');
      String name = colon < 0 ? "" : h.substring(0, colon).strip();
      String value = colon < 0 ? "" : h.substring(colon + 1).strip();
      if (!TOKEN.matcher(name).matches()) {
        throw new UsageException(flag + ": '" + h + "' is not 'Name: value'");
      }
      if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
        throw new UsageException(
            flag
                + ": "
                + name
                + " cannot be set this way"
                + (name.equalsIgnoreCase("host") ? " (use --apache.host-override)" : ""));
      }
      for (char c : value.toCharArray()) {
        if (c < 0x20 && c != '\t' || c == 0x7f) {
          throw new UsageException(flag + ": control character in the value of " + name);
        }
      }
      out.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
    }
    return out;
  }

  /** The URL without {@code user:password@}, every other part as given. */
  static URI withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri;
    }
    String authority = uri.getRawAuthority();
    StringBuilder b =
        new StringBuilder(uri.getScheme())
            .append("://")
            .append(authority.substring(authority.lastIndexOf('@') + 1));
    if (uri.getRawPath() != null) {
      b.append(uri.getRawPath());
    }
    if (uri.getRawQuery() != null) {
      b.append('?').append(uri.getRawQuery());
    }
    if (uri.getRawFragment() != null) {
      b.append('#').append(uri.getRawFragment());
    }
    return URI.create(b.toString());
  }
}
