package io.mpmexporter.advisor;

import io.mpmexporter.apache.ScoreboardState;
import io.mpmexporter.mpm.MpmLimits;
import java.util.Map;
import java.util.SortedSet;

/**
 * What the advisor looks at, read at one moment.
 *
 * @param modules the loaded modules ({@code apachectl -M}), null when unknown
 * @param scoreboard counts per scoreboard state, empty when the page has no scoreboard
 * @param asyncKeepAlive event's {@code ConnsAsyncKeepAlive}, NaN when the page lacks it
 * @param budgetFlagBytes {@code --advisor.memory-budget}, 0 when not set
 */
public record Observation(
    String runningMpm,
    SortedSet<String> modules,
    Map<ScoreboardState, Integer> scoreboard,
    double asyncKeepAlive,
    MpmLimits limits,
    ApacheMemory memory,
    HostMemory host,
    long budgetFlagBytes) {}
