package io.mpmexporter.mpm;

/**
 * What a switch is asked to do, validated (the JSON body is read by {@code
 * switchapi.SwitchRequestBody}): {@code {"mpm":"prefork","dry_run":false,"force":false,
 * "expect_current":"event","reason":"...","strategy":"handover","capacity":"keep"}}. Only {@code
 * mpm} is required.
 *
 * @param force replace an MPM change that is already waiting for a restart (configured differs from
 *     running); without it such a switch is refused
 * @param strategy null: hand over when the server is ready for it, else restart
 * @param capacity what to do when the target serves fewer concurrent requests ({@code "capacity"})
 * @param memory the advisor's figures the exporter adds (never from the API's client); null: none
 */
public record SwitchRequest(
    Mpm target,
    boolean dryRun,
    boolean force,
    Mpm expectCurrent,
    String reason,
    Strategy strategy,
    CapacityChoice capacity,
    MemoryFigures memory) {
  /** Longest reason accepted (it goes into the audit log). */
  public static final int MAX_REASON = 200;

  /** A request with the default capacity check and no memory figures. */
  public SwitchRequest(
      Mpm target,
      boolean dryRun,
      boolean force,
      Mpm expectCurrent,
      String reason,
      Strategy strategy) {
    this(target, dryRun, force, expectCurrent, reason, strategy, CapacityChoice.CHECK, null);
  }

  /** This request with the advisor's figures. */
  public SwitchRequest withMemory(MemoryFigures figures) {
    return new SwitchRequest(
        target, dryRun, force, expectCurrent, reason, strategy, capacity, figures);
  }
}
