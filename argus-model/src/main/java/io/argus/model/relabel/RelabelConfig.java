package io.argus.model.relabel;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One relabeling rule as written under {@code relabel_configs}. Defaults are upstream's: separator
 * {@code ;}, regex {@code (.*)}, replacement {@code $1}, action {@code replace}. The modulus is an
 * unsigned 64-bit value. Construction does not validate; call {@link #validate}. Immutable.
 *
 * @param sourceLabels labels whose values are joined with {@code separator}
 * @param regex matched against the whole joined value (or, for labelmap/labeldrop/labelkeep,
 *     against each label name)
 * @param targetLabel label written by replace, hashmod, lowercase, uppercase; compared by keepequal
 *     and dropequal
 */
public record RelabelConfig(
    List<String> sourceLabels,
    String separator,
    RelabelRegex regex,
    long modulus,
    String targetLabel,
    String replacement,
    RelabelAction action) {
  public static final String DEFAULT_SEPARATOR = ";";
  public static final String DEFAULT_REPLACEMENT = "$1";

  private static final Pattern LEGACY_TARGET_TEMPLATE =
      Pattern.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");

  public RelabelConfig {
    sourceLabels = List.copyOf(sourceLabels);
  }

  /** A rule with every field at its default: replace {@code (.*)} with {@code $1}. */
  public static RelabelConfig defaults() {
    return new RelabelConfig(
        List.of(),
        DEFAULT_SEPARATOR,
        RelabelRegex.DEFAULT,
        0,
        "",
        DEFAULT_REPLACEMENT,
        RelabelAction.REPLACE);
  }

  public RelabelConfig withSourceLabels(String... labels) {
    return new RelabelConfig(
        List.of(labels), separator, regex, modulus, targetLabel, replacement, action);
  }

  public RelabelConfig withSeparator(String s) {
    return new RelabelConfig(sourceLabels, s, regex, modulus, targetLabel, replacement, action);
  }

  public RelabelConfig withRegex(String re) {
    return new RelabelConfig(
        sourceLabels, separator, RelabelRegex.of(re), modulus, targetLabel, replacement, action);
  }

  public RelabelConfig withModulus(long m) {
    return new RelabelConfig(sourceLabels, separator, regex, m, targetLabel, replacement, action);
  }

  public RelabelConfig withTargetLabel(String t) {
    return new RelabelConfig(sourceLabels, separator, regex, modulus, t, replacement, action);
  }

  public RelabelConfig withReplacement(String r) {
    return new RelabelConfig(sourceLabels, separator, regex, modulus, targetLabel, r, action);
  }

  public RelabelConfig withAction(RelabelAction a) {
    return new RelabelConfig(sourceLabels, separator, regex, modulus, targetLabel, replacement, a);
  }

  /**
   * Checks the rule as upstream does when loading it.
   *
   * @throws IllegalArgumentException with upstream's message, e.g. {@code relabel configuration for
   *     replace action requires 'target_label' value}
   */
  public void validate(NameValidationScheme scheme) {
    RelabelAction a = action;
    if (modulus == 0 && a == RelabelAction.HASHMOD) {
      throw new IllegalArgumentException(
          "relabel configuration for hashmod requires non-zero modulus");
    }
    boolean needsTarget =
        switch (a) {
          case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
          default -> false;
        };
    if (needsTarget && targetLabel.isEmpty()) {
      throw new IllegalArgumentException(
          "relabel configuration for " + a + " action requires 'target_label' value");
    }
    if (a == RelabelAction.REPLACE) {
      boolean ok =
          targetLabel.contains("$")
              ? isValidTemplate(targetLabel, scheme)
              : scheme.isValidLabelName(targetLabel);
      if (!ok) {
        throw invalid(targetLabel, "target_label");
      }
    }
    boolean equalOrCase =
        a == RelabelAction.LOWERCASE
            || a == RelabelAction.UPPERCASE
            || a == RelabelAction.KEEPEQUAL
            || a == RelabelAction.DROPEQUAL;
    if (equalOrCase && !scheme.isValidLabelName(targetLabel)) {
      throw invalid(targetLabel, "target_label");
    }
    if (equalOrCase && !replacement.equals(DEFAULT_REPLACEMENT)) {
      throw new IllegalArgumentException("'replacement' can not be set for " + a + " action");
    }
    if (a == RelabelAction.LABELMAP && !isValidTemplate(replacement, scheme)) {
      throw invalid(replacement, "replacement");
    }
    if (a == RelabelAction.HASHMOD && !scheme.isValidLabelName(targetLabel)) {
      throw invalid(targetLabel, "target_label");
    }
    if (a == RelabelAction.KEEPEQUAL || a == RelabelAction.DROPEQUAL) {
      if (!regex.equals(RelabelRegex.DEFAULT)
          || modulus != 0
          || !separator.equals(DEFAULT_SEPARATOR)
          || !replacement.equals(DEFAULT_REPLACEMENT)) {
        throw new IllegalArgumentException(
            a + " action requires only 'source_labels' and `target_label`, and no other fields");
      }
    }
    if (a == RelabelAction.LABELDROP || a == RelabelAction.LABELKEEP) {
      if (!sourceLabels.isEmpty()
          || !targetLabel.isEmpty()
          || modulus != 0
          || !separator.equals(DEFAULT_SEPARATOR)
          || !replacement.equals(DEFAULT_REPLACEMENT)) {
        throw new IllegalArgumentException(
            a + " action requires only 'regex', and no other fields");
      }
    }
  }

  private static boolean isValidTemplate(String template, NameValidationScheme scheme) {
    if (scheme == NameValidationScheme.UTF8) {
      return !template.isEmpty() && scheme.isValidLabelName(template);
    }
    return LEGACY_TARGET_TEMPLATE.matcher(template).matches();
  }

  private IllegalArgumentException invalid(String value, String field) {
    return new IllegalArgumentException(
        "\"" + value + "\" is invalid '" + field + "' for " + action + " action");
  }
}
