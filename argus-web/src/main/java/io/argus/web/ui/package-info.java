/**
 * The web UI: a page shell and static ES modules, CSS and the uPlot webjar, served from the jar by
 * {@link io.argus.web.ui.UiHandler} with ETags and cache headers. The pages talk only to the HTTP
 * API v1 through relative URLs, so the UI works behind a path prefix and in any component that
 * serves the API. {@link io.argus.web.ui.AlertmanagerUiHandler} serves the Alertmanager's pages
 * (alerts as routed, silences, status) the same way; they talk only to Alertmanager's API v2.
 */
@NullMarked
package io.argus.web.ui;

import org.jspecify.annotations.NullMarked;
