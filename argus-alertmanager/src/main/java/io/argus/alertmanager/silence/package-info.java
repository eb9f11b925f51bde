/**
 * Silences: the silence model and its validation, the silence store with upstream's create,
 * update-in-place, replace and expire rules, queries by id, state and labels, garbage collection
 * after the retention, persistence and last-writer-wins merging of peers' silences, and the {@link
 * io.argus.alertmanager.silence.Silencer} deciding whether a label set is muted.
 */
@NullMarked
package io.argus.alertmanager.silence;

import org.jspecify.annotations.NullMarked;
