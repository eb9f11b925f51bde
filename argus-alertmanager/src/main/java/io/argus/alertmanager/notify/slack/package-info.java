/** The Slack receiver: incoming-webhook (or chat.postMessage) JSON with one attachment. */
@NullMarked
package io.argus.alertmanager.notify.slack;

import org.jspecify.annotations.NullMarked;
