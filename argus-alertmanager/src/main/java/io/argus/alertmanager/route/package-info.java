/**
 * The routing tree: options inherited down the tree, depth-first matching with {@code continue},
 * the route keys that go into group keys and the notification log, and the selection of group
 * labels ({@code group_by}, including {@code ...}).
 */
@NullMarked
package io.argus.alertmanager.route;

import org.jspecify.annotations.NullMarked;
