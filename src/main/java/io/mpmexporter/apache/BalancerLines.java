package io.mpmexporter.apache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the {@code ProxyBalancer[i]Name} and {@code ProxyBalancer[i]Worker[j]Field} lines of one
 * status page into {@link BalancerMember}s. Members are kept in page order, at most {@link
 * #MAX_MEMBERS} of them (label values cost a series each), and names are capped like every label
 * taken from the page.
 */
final class BalancerLines {
  /** Members kept from one page; a page with more is cut here. */
  static final int MAX_MEMBERS = 512;

  private static final String PREFIX = "ProxyBalancer[";

  private final Map<Integer, String> balancers = new HashMap<>();
  private final Map<Long, String[]> members = new LinkedHashMap<>();

  /** Takes the line when it is a balancer line; false when it is not one. */
  boolean accept(String key, String value) {
    if (!key.startsWith(PREFIX)) {
      return false;
    }
    int close = key.indexOf(']', PREFIX.length());
    int b = index(key, PREFIX.length(), close);
    if (b < 0) {
      return true; // a balancer line we cannot read: dropped, not misread
    }
    String rest = key.substring(close + 1);
    if (rest.equals("Name")) {
      balancers.putIfAbsent(b, StatusParser.labelSafe(value));
      return true;
    }
    if (!rest.startsWith("Worker[")) {
      return true;
    }
    int wclose = rest.indexOf(']');
    int w = index(rest, "Worker[".length(), wclose);
    if (w < 0) {
      return true;
    }
    String field = rest.substring(wclose + 1);
    long id = ((long) b << 32) | w;
    String[] m = members.get(id);
    if (m == null) {
      if (members.size() >= MAX_MEMBERS) {
        return true;
      }
      m = new String[Field.values().length];
      members.put(id, m);
    }
    for (Field f : Field.values()) {
      if (f.key.equals(field) && m[f.ordinal()] == null) {
        m[f.ordinal()] = StatusParser.labelSafe(value);
      }
    }
    return true;
  }

  /** The members seen, in page order. */
  List<BalancerMember> members() {
    List<BalancerMember> out = new ArrayList<>(members.size());
    for (Map.Entry<Long, String[]> e : members.entrySet()) {
      int b = (int) (e.getKey() >>> 32);
      int w = (int) (long) e.getKey();
      String[] m = e.getValue();
      out.add(
          new BalancerMember(
              balancers.getOrDefault(b, "balancer[" + b + "]"),
              m[Field.NAME.ordinal()] != null ? m[Field.NAME.ordinal()] : "worker[" + w + "]",
              m[Field.STATUS.ordinal()] != null ? m[Field.STATUS.ordinal()] : "",
              number(m[Field.ELECTED.ordinal()]),
              number(m[Field.BUSY.ordinal()]),
              number(kib(m[Field.SENT.ordinal()])),
              number(kib(m[Field.RCVD.ordinal()]))));
    }
    return out;
  }

  /** The digits between {@code from} and {@code to}, or -1. At most 6 digits. */
  private static int index(String s, int from, int to) {
    if (to <= from || to - from > 6) {
      return -1;
    }
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Apache prints Sent and Rcvd as whole kilobytes with a {@code K} suffix. */
  private static String kib(String v) {
    return v != null && (v.endsWith("K") || v.endsWith("k")) ? v.substring(0, v.length() - 1) : v;
  }

  private static double number(String v) {
    return v != null && StatusParser.isNumber(v) ? StatusParser.toDouble(v) : Double.NaN;
  }

  private enum Field {
    NAME("Name"),
    STATUS("Status"),
    ELECTED("Elected"),
    BUSY("Busy"),
    SENT("Sent"),
    RCVD("Rcvd");

    final String key;

    Field(String key) {
      this.key = key;
    }
  }
}
