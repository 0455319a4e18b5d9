package io.mpmexporter.agent;

import io.mpmexporter.config.UsageException;
import io.mpmexporter.json.JsonException;
import io.mpmexporter.json.JsonReader;
import io.mpmexporter.json.JsonWriter;
import io.mpmexporter.log.Log;
import io.mpmexporter.mpm.Journal;
import io.mpmexporter.mpm.SwitchException;
import io.mpmexporter.switchapi.AuditLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write-ahead record of the switch in progress: one JSON file in root's state folder ({@code
 * /var/lib/apache-mpm-switch/switch.json}), replaced atomically and forced to disk at every phase,
 * removed once the switch's outcome is in the audit log. A record that is there when the agent
 * starts belongs to a switch whose agent died; {@link SwitchAgent} recovers it at once.
 */
public final class JournalFile {
  static final String FILE = "switch.json";

  /**
   * Test hook: the agent stops after recording this phase (and waits to be killed). Only the kill
   * tests set it; the phase names are {@link Journal}'s.
   */
  static final String PAUSE_ENV = "APACHE_MPM_SWITCH_TEST_PAUSE";

  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final Path dir;
  private final Path file;
  private final AuditLog audit;
  private final String pauseAt;

  private JournalFile(Path dir, AuditLog audit, String pauseAt) {
    this.dir = dir;
    this.file = dir.resolve(FILE);
    this.audit = audit;
    this.pauseAt = pauseAt;
  }

  /**
   * Opens the state folder, creating it 0700 if missing.
   *
   * @throws UsageException naming --admin.switch-state-dir when the folder is not a real folder of
   *     this user's that nobody else may write to
   */
  public static JournalFile open(Path dir, AuditLog audit, Map<String, String> env)
      throws UsageException {
    PrivateFolder.require("--admin.switch-state-dir", dir, "rwx------");
    String pause = env.get(PAUSE_ENV);
    return new JournalFile(dir, audit, pause == null || pause.isBlank() ? null : pause.strip());
  }

  /** The record a dead agent left, if any; an unreadable one is set aside and logged. */
  Optional<Map<String, Object>> pending() {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new LinkedHashMap<>(
              JsonReader.readObject(Files.readString(file, StandardCharsets.UTF_8))));
    } catch (IOException | JsonException e) {
      Path aside = dir.resolve(FILE + ".unreadable");
      Log.error("switch agent: unreadable switch record set aside", "file", aside, "err", e);
      try {
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException moved) {
        Log.error("switch agent: cannot set the record aside", "err", moved.getMessage());
      }
      return Optional.empty();
    }
  }

  /** A journal for one switch request; nothing is written until the switch is about to change. */
  Entry entry(Map<String, Object> who) {
    return new Entry(who);
  }

  /** Writes {@code record} in place of the current one, on disk when this returns. */
  void write(Map<String, Object> record) throws IOException {
    Path tmp = dir.resolve(FILE + ".tmp");
    byte[] bytes = (JsonWriter.write(record) + "\n").getBytes(StandardCharsets.UTF_8);
    Files.deleteIfExists(tmp);
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDir();
  }

  /** Removes the record: the switch or its recovery is over and in the audit log. */
  void close() {
    try {
      Files.deleteIfExists(file);
      syncDir();
    } catch (IOException e) {
      Log.error("switch agent: cannot remove the switch record", "file", file, "err", e);
    }
  }

  private void syncDir() throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /** The journal of one switch request. */
  final class Entry implements Journal {
    private final Map<String, Object> record = new LinkedHashMap<>();
    private final List<String> phases = new ArrayList<>();
    private boolean begun;

    private Entry(Map<String, Object> who) {
      long n = SEQUENCE.getAndIncrement();
      record.put("id", Instant.now() + "-" + ProcessHandle.current().pid() + "-" + n);
      record.put("time", Instant.now().toString());
      record.putAll(who);
    }

    String id() {
      return (String) record.get("id");
    }

    boolean begun() {
      return begun;
    }

    @Override
    public synchronized void begin(Map<String, Object> intent) throws SwitchException {
      record.putAll(intent);
      phases.add(INTENT);
      record.put("phase", INTENT);
      record.put("phases", List.copyOf(phases));
      record.put("recoveries", 0);
      try {
        write(record);
      } catch (IOException e) {
        throw new SwitchException("cannot write the switch record in " + dir + ": " + e);
      }
      begun = true;
      Map<String, Object> line = new LinkedHashMap<>(record);
      line.put("result", "intent");
      line.remove("phases");
      line.remove("recoveries");
      audit.append(line); // the intent line: on disk before the first change
      pauseIfAsked(INTENT);
    }

    @Override
    public synchronized void phase(String phase, Map<String, Object> facts) {
      record.putAll(facts);
      phases.add(phase);
      record.put("phase", phase);
      record.put("phases", List.copyOf(phases));
      try {
        write(record);
      } catch (IOException e) {
        Log.error("switch agent: cannot update the switch record", "phase", phase, "err", e);
      }
      pauseIfAsked(phase);
    }

    private void pauseIfAsked(String phase) {
      if (phase.equals(pauseAt)) {
        Log.warn("test hook: the switch pauses after this phase until killed", "phase", phase);
        try {
          Thread.sleep(600_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
