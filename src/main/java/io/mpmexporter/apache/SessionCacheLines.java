package io.mpmexporter.apache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Collects the {@code Cache*} lines that follow {@code TLSSessionCacheStatus}. mod_cache_socache
 * prints the same keys after {@code ModCacheSocacheStatus}: those are another cache and are
 * skipped.
 */
final class SessionCacheLines {
  private static final String TLS_BLOCK = "TLSSessionCacheStatus";
  private static final String HTTP_CACHE_BLOCK = "ModCacheSocacheStatus";

  /** The numeric keys kept (shmcb's; other providers print fewer). */
  static final Set<String> KEYS =
      Set.of(
          "CacheSharedMemory",
          "CacheCurrentEntries",
          "CacheSubcaches",
          "CacheIndexesPerSubcaches",
          "CacheTimeLeftOldestAvg",
          "CacheTimeLeftOldestMin",
          "CacheTimeLeftOldestMax",
          "CacheIndexUsage",
          "CacheUsage",
          "CacheStoreCount",
          "CacheReplaceCount",
          "CacheExpireCount",
          "CacheDiscardCount",
          "CacheRetrieveHitCount",
          "CacheRetrieveMissCount",
          "CacheRemoveHitCount",
          "CacheRemoveMissCount");

  private boolean inTls;
  private boolean seen;
  private String type;
  private final Map<String, Double> values = new LinkedHashMap<>();

  /** Takes a line without a colon: a block header switches the block. */
  void header(String line) {
    String s = line.strip();
    if (s.equals(TLS_BLOCK)) {
      inTls = true;
      seen = true;
    } else if (s.equals(HTTP_CACHE_BLOCK)) {
      inTls = false;
    }
  }

  /** Takes the line when it is a cache line; false when it is not one. */
  boolean accept(String key, String value) {
    if (!key.startsWith("Cache")) {
      return false;
    }
    if (!inTls) {
      return true;
    }
    if (key.equals("CacheType")) {
      if (type == null) {
        type = StatusParser.labelSafe(value);
      }
      return true;
    }
    String v = value.endsWith("%") ? value.substring(0, value.length() - 1) : value;
    if (KEYS.contains(key) && !values.containsKey(key) && StatusParser.isNumber(v)) {
      values.put(key, StatusParser.toDouble(v));
    }
    return true;
  }

  /** The TLS session cache, or null when the page has no {@code TLSSessionCacheStatus} block. */
  SessionCache cache() {
    return seen ? new SessionCache(type, values) : null;
  }
}
