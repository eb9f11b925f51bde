package io.argus.alertmanager.config;

import io.argus.model.labels.Matcher;
import java.util.List;
import java.util.Map;

/**
 * Matchers of a route or inhibition rule in the three forms the file may use, kept apart so the
 * configuration can be printed back as upstream prints it.
 *
 * @param match the legacy equality map ({@code match}, {@code source_match}, …)
 * @param matchRe the legacy regular-expression map, expressions as written (unanchored)
 * @param matchers the {@code matchers} lists parsed and sorted as upstream
 */
public record WrittenMatchers(
    Map<String, String> match, Map<String, String> matchRe, List<Matcher> matchers) {
  public static final WrittenMatchers NONE = new WrittenMatchers(Map.of(), Map.of(), List.of());
}
