/** The PagerDuty receiver: Events API v2 trigger and resolve events keyed by the group. */
@NullMarked
package io.argus.alertmanager.notify.pagerduty;

import org.jspecify.annotations.NullMarked;
