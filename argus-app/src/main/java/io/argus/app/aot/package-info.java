/**
 * The workload a JDK ahead-of-time cache is trained on: {@code bin/argus} runs {@code argus
 * aot-training} once per build with {@code -XX:AOTCacheOutput}, and later runs start with the
 * classes it loaded already linked and the method profiles it gathered.
 */
@NullMarked
package io.argus.app.aot;

import org.jspecify.annotations.NullMarked;
