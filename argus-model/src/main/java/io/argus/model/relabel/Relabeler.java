package io.argus.model.relabel;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import org.jspecify.annotations.Nullable;

/**
 * Applies relabel rules in order, as upstream. Rules are assumed valid ({@link
 * RelabelConfig#validate}). Stateless and thread-safe.
 */
public final class Relabeler {
  private Relabeler() {}

  /**
   * Relabels {@code labels}; a rule that writes an empty value deletes the label.
   *
   * @param scheme which label names a replace rule may produce; an invalid expanded target name
   *     leaves the labels unchanged
   * @return the new labels, or null when a rule dropped the set
   */
  public static @Nullable Labels process(
      Labels labels, List<RelabelConfig> rules, NameValidationScheme scheme) {
    if (rules.isEmpty()) {
      return labels;
    }
    LabelsBuilder b = labels.toBuilder();
    for (RelabelConfig rule : rules) {
      if (!apply(rule, b, scheme)) {
        return null;
      }
    }
    return b.build();
  }

  /**
   * {@link #process(Labels, List, NameValidationScheme)} with UTF-8 names, Prometheus 3's default.
   */
  public static @Nullable Labels process(Labels labels, List<RelabelConfig> rules) {
    return process(labels, rules, NameValidationScheme.UTF8);
  }

  private static boolean apply(RelabelConfig rule, LabelsBuilder b, NameValidationScheme scheme) {
    String value = joinedSource(rule, b);
    switch (rule.action()) {
      case DROP -> {
        return !rule.regex().matches(value);
      }
      case KEEP -> {
        return rule.regex().matches(value);
      }
      case DROPEQUAL -> {
        return !orEmpty(b.get(rule.targetLabel())).equals(value);
      }
      case KEEPEQUAL -> {
        return orEmpty(b.get(rule.targetLabel())).equals(value);
      }
      case REPLACE -> replace(rule, b, value, scheme);
      case LOWERCASE -> b.set(rule.targetLabel(), value.toLowerCase(Locale.ROOT));
      case UPPERCASE -> b.set(rule.targetLabel(), value.toUpperCase(Locale.ROOT));
      case HASHMOD ->
          b.set(rule.targetLabel(), Long.toUnsignedString(hashMod(value, rule.modulus())));
      case LABELMAP -> {
        Labels snapshot = b.build();
        for (int i = 0; i < snapshot.size(); i++) {
          Matcher m = rule.regex().fullMatch(snapshot.name(i));
          if (m != null) {
            b.set(rule.regex().expand(rule.replacement(), m), snapshot.value(i));
          }
        }
      }
      case LABELDROP, LABELKEEP -> {
        boolean dropMatching = rule.action() == RelabelAction.LABELDROP;
        Labels snapshot = b.build();
        for (int i = 0; i < snapshot.size(); i++) {
          if (rule.regex().matches(snapshot.name(i)) == dropMatching) {
            b.delete(snapshot.name(i));
          }
        }
      }
    }
    return true;
  }

  private static void replace(
      RelabelConfig rule, LabelsBuilder b, String value, NameValidationScheme scheme) {
    if (value.isEmpty()
        && rule.regex().equals(RelabelRegex.DEFAULT)
        && !rule.targetLabel().contains("$")
        && !rule.replacement().contains("$")) {
      b.set(rule.targetLabel(), rule.replacement());
      return;
    }
    Matcher m = rule.regex().fullMatch(value);
    if (m == null) {
      return;
    }
    String target = rule.regex().expand(rule.targetLabel(), m);
    if (!scheme.isValidLabelName(target)) {
      return;
    }
    b.set(target, rule.regex().expand(rule.replacement(), m));
  }

  private static String joinedSource(RelabelConfig rule, LabelsBuilder b) {
    List<String> names = rule.sourceLabels();
    if (names.size() == 1) {
      return orEmpty(b.get(names.get(0)));
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        sb.append(rule.separator());
      }
      sb.append(orEmpty(b.get(names.get(i))));
    }
    return sb.toString();
  }

  /**
   * Upstream's hashmod: the MD5 digest of the UTF-8 value, its last eight bytes read as a
   * big-endian unsigned integer, modulo {@code modulus} (unsigned).
   */
  static long hashMod(String value, long modulus) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("md5 is a required jdk algorithm", e);
    }
    long tail = 0;
    for (int i = 8; i < 16; i++) {
      tail = (tail << 8) | (digest[i] & 0xFF);
    }
    return Long.remainderUnsigned(tail, modulus);
  }

  private static String orEmpty(@Nullable String s) {
    return s == null ? "" : s;
  }
}
