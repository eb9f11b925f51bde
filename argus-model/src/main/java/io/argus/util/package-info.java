/** Small utilities shared by every module: cancellation and the injected clock. */
@NullMarked
package io.argus.util;

import org.jspecify.annotations.NullMarked;
