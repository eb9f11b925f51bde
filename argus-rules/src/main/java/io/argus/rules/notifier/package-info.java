/**
 * The notifier: sends the alerts of the rule manager to every configured (static or discovered)
 * Alertmanager over API v2, in batches from a bounded queue, after external labels and
 * {@code alert_relabel_configs}.
 */
@NullMarked
package io.argus.rules.notifier;

import org.jspecify.annotations.NullMarked;
