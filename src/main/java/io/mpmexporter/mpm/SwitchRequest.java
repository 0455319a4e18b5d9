package io.mpmexporter.mpm;

/**
 * What a switch is asked to do, validated (the JSON body is read by {@code
 * switchapi.SwitchRequestBody}): {@code {"mpm":"prefork","dry_run":false,"force":false,
 * "expect_current":"event","reason":"...","strategy":"handover"}}. Only {@code mpm} is required.
 *
 * @param force replace an MPM change that is already waiting for a restart (configured differs from
 *     running); without it such a switch is refused
 * @param strategy null: hand over when the server is ready for it, else restart
 */
public record SwitchRequest(
    Mpm target,
    boolean dryRun,
    boolean force,
    Mpm expectCurrent,
    String reason,
    Strategy strategy) {
  /** Longest reason accepted (it goes into the audit log). */
  public static final int MAX_REASON = 200;
}
