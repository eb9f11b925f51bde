package io.argus.alertmanager.notify;

import io.argus.alertmanager.config.TemplateFiles;
import io.argus.template.MissingKey;
import io.argus.template.Template;
import io.argus.template.TemplateException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The templates receivers expand their fields with: Argus's default templates ({@code
 * default.tmpl}, defining upstream's names such as {@code slack.default.title} and {@code
 * email.default.html}) followed by the configuration's template files, whose definitions replace
 * defaults of the same name; with the Alertmanager functions ({@link TemplateFiles#FUNCTIONS}).
 *
 * <p>{@link #expand} parses a field's text once and caches it. Thread-safe.
 */
public final class NotificationTemplates {
  private static final String DEFAULT_RESOURCE = "default.tmpl";
  private static final String FIELD = "__field";
  private static final int MAX_CACHED = 1024;

  private final List<Template.Source> sources;
  private final Map<String, Template> cache = new ConcurrentHashMap<>();

  private NotificationTemplates(List<Template.Source> sources) {
    this.sources = List.copyOf(sources);
  }

  /** The default templates only. */
  public static NotificationTemplates defaults() {
    return withFiles(List.of());
  }

  /**
   * The default templates followed by {@code files} (name and text of each configured template
   * file, in glob order).
   *
   * @throws IllegalArgumentException with Go's parse error when a file does not parse
   */
  public static NotificationTemplates withFiles(List<Template.Source> files) {
    List<Template.Source> all = new ArrayList<>();
    all.add(new Template.Source(DEFAULT_RESOURCE, defaultText()));
    all.addAll(files);
    NotificationTemplates t = new NotificationTemplates(all);
    try {
      t.parse("");
    } catch (TemplateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return t;
  }

  /** The text of Argus's default templates. */
  public static String defaultText() {
    try (InputStream in = NotificationTemplates.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Template parse(String text) throws TemplateException {
    List<Template.Source> all = new ArrayList<>(sources.size() + 1);
    all.add(new Template.Source(FIELD, text));
    all.addAll(sources);
    return Template.parseAll(all, TemplateFiles.FUNCTIONS, MissingKey.ZERO);
  }

  /**
   * Expands a configured field (Go template text that may call the defined templates) with the
   * notification data as dot.
   *
   * @throws TemplateException with Go's parse or execution error
   */
  public String expand(String text, NotificationData data) throws TemplateException {
    if (text.isEmpty()) {
      return "";
    }
    Template t = cache.get(text);
    if (t == null) {
      t = parse(text);
      if (cache.size() < MAX_CACHED) {
        cache.put(text, t);
      }
    }
    StringBuilder out = new StringBuilder();
    t.execute(FIELD, data.toTemplateValue(), out);
    return out.toString();
  }

  /** Executes the defined template {@code name} with the notification data. */
  public String executeDefined(String name, NotificationData data) throws TemplateException {
    return expand("{{ template \"" + name + "\" . }}", data);
  }
}
