package io.mpmexporter.poll;

import io.mpmexporter.apache.PollFailure;
import java.util.List;

/** The three things the exporter reads from Apache; the value is the {@code source} label. */
public enum Source {
  STATUS("status", PollFailure.STATUS_REASONS),
  VERSION("ctl_version", PollFailure.CTL_REASONS),
  MODULES("ctl_modules", PollFailure.CTL_REASONS),
  CONFIGTEST("ctl_configtest", PollFailure.CTL_REASONS);

  private final String label;
  private final List<String> reasons;

  Source(String label, List<String> reasons) {
    this.label = label;
    this.reasons = reasons;
  }

  public String label() {
    return label;
  }

  /** Every reason this source can fail with, so each error counter exists from the start at 0. */
  public List<String> reasons() {
    return reasons;
  }
}
