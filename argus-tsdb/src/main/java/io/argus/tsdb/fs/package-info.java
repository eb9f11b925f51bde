/**
 * The file-operations facade ({@link io.argus.tsdb.fs.FileOps}) and memory-mapped files. Every
 * storage I/O goes through it so faults can be injected in tests.
 */
@NullMarked
package io.argus.tsdb.fs;

import org.jspecify.annotations.NullMarked;
