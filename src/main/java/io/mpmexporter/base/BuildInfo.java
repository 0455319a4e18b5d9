package io.mpmexporter.base;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This build's version, from the resource Maven filters at build time. */
public final class BuildInfo {
  private BuildInfo() {}

  public static String version() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
