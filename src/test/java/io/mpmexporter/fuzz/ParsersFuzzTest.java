package io.mpmexporter.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mpmexporter.apache.BalancerMember;
import io.mpmexporter.apache.CtlParser;
import io.mpmexporter.apache.ParseException;
import io.mpmexporter.apache.StatusPage;
import io.mpmexporter.apache.StatusParser;
import io.mpmexporter.config.ConfigParser;
import io.mpmexporter.config.Flag;
import io.mpmexporter.config.UsageException;
import io.mpmexporter.json.JsonException;
import io.mpmexporter.json.JsonReader;
import io.mpmexporter.switchapi.AgentRequest;
import io.mpmexporter.switchapi.SwitchRequestBody;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzing (Jazzer) of everything that reads outside input: the status page, apachectl's output, the
 * admin API's JSON, the root agent's request line and the command line. The only exception each may
 * throw is its declared parse error. Without JAZZER_FUZZ these run the saved inputs once, as
 * regression tests; {@code scripts/fuzz} fuzzes each for a bounded time.
 */
class ParsersFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void statusPage(FuzzedDataProvider data) {
    StatusPage page;
    try {
      page = StatusParser.parse(data.consumeRemainingAsString());
    } catch (ParseException expected) {
      return; // declared
    }
    // Whatever the body, what becomes labels stays bounded: 512 balancer members, 128 characters.
    if (page.balancerMembers().size() > 512) {
      throw new IllegalStateException("members: " + page.balancerMembers().size());
    }
    for (BalancerMember m : page.balancerMembers()) {
      if (m.balancer().length() > 128 || m.member().length() > 128 || m.status().length() > 128) {
        throw new IllegalStateException("label too long: " + m);
      }
    }
    if (page.sessionCache() != null && page.sessionCache().values().size() > 17) {
      throw new IllegalStateException("cache keys: " + page.sessionCache().values().keySet());
    }
  }

  @FuzzTest(maxDuration = "10s")
  void apachectlOutput(FuzzedDataProvider data) {
    int which = data.consumeInt(0, 2);
    String text = data.consumeRemainingAsString();
    try {
      switch (which) {
        case 0 -> CtlParser.parseVersion(text);
        case 1 -> CtlParser.parseModules(text);
        default -> CtlParser.parsePidFile(text);
      }
    } catch (ParseException expected) {
      // declared
    }
  }

  @FuzzTest(maxDuration = "10s")
  void adminRequestBody(FuzzedDataProvider data) {
    try {
      SwitchRequestBody.parse(JsonReader.readObject(data.consumeRemainingAsString()));
    } catch (JsonException expected) {
      // declared
    }
  }

  /** The root agent's own parser: one line from the exporter's user, who may send anything. */
  @FuzzTest(maxDuration = "10s")
  void agentRequest(FuzzedDataProvider data) {
    try {
      AgentRequest.parse(data.consumeRemainingAsString());
    } catch (JsonException expected) {
      // declared
    }
  }

  @FuzzTest(maxDuration = "10s")
  void commandLine(FuzzedDataProvider data) {
    List<String> args = new ArrayList<>();
    Map<String, String> env = new HashMap<>();
    int n = data.consumeInt(0, 6);
    for (int i = 0; i < n; i++) {
      args.add(data.consumeString(60));
    }
    if (data.consumeBoolean()) {
      env.put(Flag.envName(data.pickValue(FLAGS)), data.consumeString(60));
    }
    try {
      ConfigParser.parse(args.toArray(new String[0]), env);
    } catch (UsageException expected) {
      // declared
    }
  }

  private static final String[] FLAGS = {
    "poll.interval", "apache.status-url", "web.listen-address", "admin.token-file",
    "admin.listen-address", "apache.ctl", "apache.expected-mpm", "admin.lockout"
  };
}
