package io.argus.alertmanager.notify;

import io.argus.template.TemplateException;
import org.jspecify.annotations.Nullable;

/**
 * Expands several fields of one notification, keeping the first error as upstream's {@code
 * tmplText} helper does: after an error every further field expands to "" and {@link #check}
 * throws. Not thread-safe; one per notification.
 */
public final class TemplateExpander {
  private final NotificationTemplates templates;
  private final NotificationData data;
  private @Nullable TemplateException error;

  public TemplateExpander(NotificationTemplates templates, NotificationData data) {
    this.templates = templates;
    this.data = data;
  }

  /** Expands {@code text}; "" once an error happened. */
  public String expand(String text) {
    if (error != null) {
      return "";
    }
    try {
      return templates.expand(text, data);
    } catch (TemplateException e) {
      error = e;
      return "";
    }
  }

  /** Throws a final (not retryable) failure when any expansion failed. */
  public void check() throws NotifyException {
    if (error != null) {
      throw new NotifyException(
          "template error: " + error.getMessage(), false, NotifyException.Reason.OTHER, error);
    }
  }
}
