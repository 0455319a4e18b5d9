package io.mpmexporter.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/** A status code and a JSON body for the admin API, sent once the audit line is written. */
record AdminReply(int code, Map<String, Object> body) {

  /** An error reply {@code {"result":..., "error":...}}, recorded in the audit entry too. */
  static AdminReply reject(Map<String, Object> entry, int code, String result, String message) {
    entry.put("result", result);
    entry.put("error", message);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("result", result);
    body.put("error", message);
    return new AdminReply(code, body);
  }
}
