/**
 * Block identity and metadata: ULIDs, {@code meta.json} (read, write, preservation of foreign
 * sections such as Thanos') and the naming rules of block directories, including the temporary
 * names used for atomic creation and deletion.
 */
@NullMarked
package io.argus.tsdb.block;

import org.jspecify.annotations.NullMarked;
