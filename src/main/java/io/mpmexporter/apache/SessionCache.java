package io.mpmexporter.apache;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * mod_ssl's TLS session cache, from the {@code TLSSessionCacheStatus} block of {@code
 * server-status?auto} (printed when {@code SSLSessionCache} is set; the {@code shmcb} provider
 * prints the {@code Cache*} keys read here).
 *
 * @param type the provider, e.g. {@code SHMCB}; null when the block did not say
 * @param values the numeric {@code Cache*} keys of the block, percentages without their sign
 */
public record SessionCache(String type, Map<String, Double> values) {
  public SessionCache {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public OptionalDouble get(String key) {
    Double v = values.get(key);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }
}
