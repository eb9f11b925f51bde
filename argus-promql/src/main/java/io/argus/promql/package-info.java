/**
 * The PromQL engine: {@link io.argus.promql.Engine} evaluates parsed expressions over a {@link
 * io.argus.storage.Queryable} as instant or range queries. Also holds the result value model
 * ({@link io.argus.promql.Value} and its kinds), {@link io.argus.promql.Annotations} with upstream
 * wording, and the numeric kernels of the functions ({@link io.argus.promql.RangeKernels}, {@link
 * io.argus.promql.BucketKernels}, {@link io.argus.promql.InstantKernels}).
 */
@NullMarked
package io.argus.promql;

import org.jspecify.annotations.NullMarked;
