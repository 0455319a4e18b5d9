package io.mpmexporter.apache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One member (Apache calls it a worker) of a {@code mod_proxy_balancer} balancer, from the {@code
 * ProxyBalancer[i]Worker[j]...} lines that {@code ProxyStatus On} adds to {@code
 * server-status?auto}. Numbers Apache did not print are NaN.
 *
 * @param balancer the balancer's name, e.g. {@code balancer://app}
 * @param member the member's URL, e.g. {@code http://10.0.0.1:8080}
 * @param status the status words as Apache prints them, e.g. {@code Init Ok} or {@code Init Err}
 * @param elected requests sent to this member since Apache started
 * @param busy requests in flight to this member now
 * @param sentKib kilobytes sent to this member (Apache prints whole KiB)
 * @param receivedKib kilobytes received from this member
 */
public record BalancerMember(
    String balancer,
    String member,
    String status,
    double elected,
    double busy,
    double sentKib,
    double receivedKib) {

  /**
   * The states Apache can print (mod_proxy's {@code proxy_wstat_tbl}, plus {@code Ok} when the
   * member is usable), lowercased as label values.
   */
  public static final List<String> STATES =
      List.of(
          "init", "ign", "drn", "gen", "shut", "dis", "stop", "err", "stby", "spar", "free", "hcfl",
          "ok");

  /** The {@link #STATES} this member is in; unknown words are left out. */
  public List<String> states() {
    List<String> out = new ArrayList<>();
    for (String word : status.split(" ")) {
      String w = word.toLowerCase(Locale.ROOT);
      if (STATES.contains(w) && !out.contains(w)) {
        out.add(w);
      }
    }
    return out;
  }
}
