/** {@code argus check …}: offline validation of configuration files, as promtool's. */
@NullMarked
package io.argus.app.check;

import org.jspecify.annotations.NullMarked;
