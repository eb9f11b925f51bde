/**
 * The series index: the block index file format (Prometheus index format 2, written by {@link
 * io.argus.tsdb.index.IndexWriter} and read by {@link io.argus.tsdb.index.BlockIndexReader}),
 * postings lists and their set algebra, the head's in-memory inverted index ({@link
 * io.argus.tsdb.index.MemPostings}) and matcher-driven series selection ({@link
 * io.argus.tsdb.index.PostingsForMatchers}).
 */
@NullMarked
package io.argus.tsdb.index;

import org.jspecify.annotations.NullMarked;
