/** Labels, label sets and label matchers: the identity of a series. */
@NullMarked
package io.argus.model.labels;

import org.jspecify.annotations.NullMarked;
