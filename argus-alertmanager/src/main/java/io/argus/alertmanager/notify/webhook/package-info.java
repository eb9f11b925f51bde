/**
 * The webhook receiver: POSTs upstream's version 4 JSON message ({@code webhook_configs}) with
 * {@code max_alerts} truncation.
 */
@NullMarked
package io.argus.alertmanager.notify.webhook;

import org.jspecify.annotations.NullMarked;
