package io.mpmexporter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard as Grafana lays it out: no panel covers another, none leaves the 24 columns. */
class DashboardLayoutTest {
  private record Box(String title, int x, int y, int w, int h) {
    boolean overlaps(Box o) {
      return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
    }
  }

  @Test
  void noTwoPanelsOverlap() throws Exception {
    JsonNode dash =
        new ObjectMapper().readTree(Path.of("grafana/apache-mpm-exporter.json").toFile());
    List<Box> boxes = new ArrayList<>();
    for (JsonNode p : dash.get("panels")) {
      JsonNode g = p.get("gridPos");
      boxes.add(
          new Box(
              p.get("title").asText(),
              g.get("x").asInt(),
              g.get("y").asInt(),
              g.get("w").asInt(),
              g.get("h").asInt()));
    }
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < boxes.size(); i++) {
      Box a = boxes.get(i);
      if (a.x() < 0 || a.x() + a.w() > 24) {
        problems.add(a.title() + " leaves the 24 columns");
      }
      for (int j = i + 1; j < boxes.size(); j++) {
        if (a.overlaps(boxes.get(j))) {
          problems.add(a.title() + " overlaps " + boxes.get(j).title());
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theMpmChangeAnnotationCountsIncreasesNotResets() throws Exception {
    JsonNode dash =
        new ObjectMapper().readTree(Path.of("grafana/apache-mpm-exporter.json").toFile());
    for (JsonNode a : dash.get("annotations").get("list")) {
      if (a.has("expr")) {
        // changes() on a counter also counts an exporter restart (the counter resets to 0).
        assertThat(a.get("expr").asText()).doesNotContain("changes(");
      }
    }
  }
}
