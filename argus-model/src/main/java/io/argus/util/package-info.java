/**
 * Small utilities shared by every module: cancellation, the injected clock and Go-compatible
 * number formatting.
 */
@NullMarked
package io.argus.util;

import org.jspecify.annotations.NullMarked;
