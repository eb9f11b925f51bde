/** JMH micro-benchmarks of Argus' hot paths (chunk codecs and friends); not run in CI. */
@NullMarked
package io.argus.bench;

import org.jspecify.annotations.NullMarked;
