package io.mpmexporter.switchapi;

import io.mpmexporter.mpm.SwitchReport;

/** What the agent answers to a switch request: the report, or why it would not take the request. */
public sealed interface AgentAnswer permits AgentAnswer.Report, AgentAnswer.Refusal {

  /**
   * The switch ran (or was refused by its own checks: busy, precondition, module, ...).
   *
   * @param backend how the agent changed the MPM on disk
   */
  record Report(SwitchReport report, String backend) implements AgentAnswer {}

  /**
   * The agent did not take the request at all: another user connected ({@value #REFUSED_PEER}), the
   * line was not a request ({@value #BAD_REQUEST}), or too many connections were open ({@code
   * result} null). Nothing was changed.
   */
  record Refusal(String result, String error) implements AgentAnswer {
    public static final String REFUSED_PEER = "refused_peer";
    public static final String BAD_REQUEST = "bad_request";
  }
}
