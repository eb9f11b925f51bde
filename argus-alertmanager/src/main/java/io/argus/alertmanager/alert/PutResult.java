package io.argus.alertmanager.alert;

import java.util.List;

/**
 * What {@link AlertStore#put} did: the alerts stored (after merging with what was held, in input
 * order) and those refused because the store was full.
 */
public record PutResult(List<Alert> stored, List<Alert> limited) {
  public PutResult {
    stored = List.copyOf(stored);
    limited = List.copyOf(limited);
  }
}
