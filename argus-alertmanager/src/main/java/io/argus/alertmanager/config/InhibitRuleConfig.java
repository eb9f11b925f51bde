package io.argus.alertmanager.config;

import io.argus.model.labels.Matcher;
import java.util.List;

/**
 * An {@code inhibit_rules} entry; legacy {@code source_match}/{@code source_match_re} (and target)
 * forms are merged into the matcher lists.
 *
 * @param equal label names whose values must be equal in source and target (absent = empty)
 * @param writtenSource the source matchers in their written forms, for printing
 * @param writtenTarget the target matchers in their written forms, for printing
 */
public record InhibitRuleConfig(
    List<Matcher> sourceMatchers,
    List<Matcher> targetMatchers,
    List<String> equal,
    WrittenMatchers writtenSource,
    WrittenMatchers writtenTarget) {}
