/** The Opsgenie receiver: Alert API v2 create, close and (optionally) update requests by alias. */
@NullMarked
package io.argus.alertmanager.notify.opsgenie;

import org.jspecify.annotations.NullMarked;
