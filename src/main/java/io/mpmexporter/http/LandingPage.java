package io.mpmexporter.http;

/** The HTML served at {@code /}: what this is and where the metrics are. */
public final class LandingPage {
  private LandingPage() {}

  public static String html(String version, String telemetryPath, String statusUrl) {
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Apache MPM Exporter</title></head>\n"
        + "<body><h1>Apache MPM Exporter</h1>\n"
        + "<p>Version "
        + escape(version)
        + ", watching <code>"
        + escape(statusUrl)
        + "</code>.</p>\n<ul>\n<li><a href=\""
        + escape(telemetryPath)
        + "\">Metrics</a></li>\n"
        + "<li><a href=\"/-/healthy\">Health</a></li>\n"
        + "<li><a href=\"/-/ready\">Readiness</a></li>\n</ul></body></html>\n";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
