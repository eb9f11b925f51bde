package io.argus.tsdb.index;

import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.Utf8Order;
import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.encoding.DecBuf;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.fs.MappedFile;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a block index file (Prometheus index format 2; version byte 3 is read the same way) from a
 * memory mapping, with or without the legacy label indices that Prometheus dropped in 3.7.
 *
 * <p>At open the header, the TOC checksum, the symbol table checksum and the postings offset table
 * checksum are verified. Series entries and postings lists are verified when read. Label names and
 * values come from the postings offset table, as in Prometheus.
 *
 * <p>Memory: the reader keeps the offset of every 32nd symbol and, per label name, every 32nd value
 * of the postings offset table with its position; a lookup binary-searches those samples and scans
 * at most 32 entries of the mapped table. This bounds the heap to about 1/32 of the table while
 * lookups stay cheap.
 *
 * <p>Thread-safe: all state is immutable after {@link #open}. {@link #close()} unmaps the file; it
 * must not be called while other threads still read (they would then fail with {@link
 * IllegalStateException}, never crash). Corrupt data throws {@link CorruptionException} naming the
 * file and the byte offset.
 */
public final class BlockIndexReader implements IndexReader {
  private static final ValueLayout.OfInt BE32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final int SAMPLE_INTERVAL = 32;
  private static final int HEADER_LENGTH = 5;

  private final MappedFile mapped;
  private final MemorySegment seg;
  private final Path path;
  private final int version;
  private final Toc toc;
  private final long seriesStart;
  private final long seriesEnd;

  private final long symbolsStart;
  private final long symbolsEnd;
  private final int symbolCount;
  private final long[] symbolSamples;

  private final long postingsTableEntries;
  private final long postingsTableEnd;
  private final Map<String, NameEntry> names;
  private final List<String> labelNames;

  /** The TOC's six offsets. */
  private record Toc(
      long symbols,
      long series,
      long labelIndices,
      long labelIndicesTable,
      long postings,
      long postingsTable) {
    boolean hasLabelIndices() {
      return labelIndicesTable != 0 && labelIndicesTable != postingsTable;
    }
  }

  /**
   * The postings offset table entries of one label name: every {@value #SAMPLE_INTERVAL}th value
   * (starting with the first) with the offset of its table entry, and the end of the name's run.
   */
  private record NameEntry(
      String name, String[] sampledValues, long[] sampledEntries, int valueCount, long end) {}

  private BlockIndexReader(MappedFile mapped) {
    this.mapped = mapped;
    this.seg = mapped.segment();
    this.path = mapped.path();
    long size = seg.byteSize();
    if (size < HEADER_LENGTH + IndexWriter.TOC_LENGTH) {
      throw corrupt("file too small for an index: " + size + " bytes");
    }
    int magic = seg.get(BE32, 0);
    if (magic != IndexWriter.MAGIC) {
      throw corrupt(String.format("invalid magic number %x", magic));
    }
    version = seg.get(ValueLayout.JAVA_BYTE, 4) & 0xFF;
    if (version == 1) {
      throw corrupt("index format version 1 (Prometheus 2.0) is not supported");
    }
    if (version != 2 && version != 3) {
      throw corrupt("unknown index file version " + version);
    }
    toc = readToc(size);
    seriesStart = align(toc.series(), 16);
    seriesEnd = toc.hasLabelIndices() ? toc.labelIndices() : toc.postings();

    symbolsStart = toc.symbols();
    DecBuf sym = framedSection(symbolsStart, "symbol table");
    symbolsEnd = sym.limit();
    symbolCount = sym.getBe32();
    if (symbolCount < 0) {
      throw corrupt("symbol table at offset " + symbolsStart + ": negative count");
    }
    symbolSamples = new long[(symbolCount + SAMPLE_INTERVAL - 1) / SAMPLE_INTERVAL];
    try {
      for (int i = 0; i < symbolCount; i++) {
        if (i % SAMPLE_INTERVAL == 0) {
          symbolSamples[i / SAMPLE_INTERVAL] = sym.position();
        }
        sym.skip(sym.getUvarint32());
      }
    } catch (CorruptionException e) {
      throw corrupt("symbol table at offset " + symbolsStart + ": " + e.getMessage());
    }
    if (sym.remaining() != 0) {
      throw corrupt(
          "symbol table at offset " + symbolsStart + ": " + sym.remaining() + " trailing bytes");
    }

    DecBuf table = framedSection(toc.postingsTable(), "postings offset table");
    postingsTableEnd = table.limit();
    int entries = table.getBe32();
    postingsTableEntries = table.position();
    names = new HashMap<>();
    labelNames = loadPostingsTable(table, entries);
  }

  /**
   * Maps and opens an index file.
   *
   * @throws CorruptionException when the header, TOC, symbol table or postings offset table is
   *     invalid
   */
  public static BlockIndexReader open(FileOps ops, Path file) throws IOException {
    MappedFile mapped = ops.map(file);
    try {
      return new BlockIndexReader(mapped);
    } catch (RuntimeException e) {
      mapped.close();
      throw e;
    }
  }

  private Toc readToc(long size) {
    long at = size - IndexWriter.TOC_LENGTH;
    try {
      DecBuf.verifyCrc32c(seg, at, size - 4, "TOC at offset " + at);
    } catch (CorruptionException e) {
      throw corrupt(e.getMessage());
    }
    DecBuf d = new DecBuf(seg, at, size - 4);
    Toc t = new Toc(d.getBe64(), d.getBe64(), d.getBe64(), d.getBe64(), d.getBe64(), d.getBe64());
    long[] offsets = {
      t.symbols(),
      t.series(),
      t.labelIndices(),
      t.labelIndicesTable(),
      t.postings(),
      t.postingsTable()
    };
    for (long o : offsets) {
      if (o < 0 || o > at) {
        throw corrupt("TOC at offset " + at + ": section offset " + o + " outside the file");
      }
    }
    if (t.symbols() < HEADER_LENGTH || t.postingsTable() < HEADER_LENGTH || t.postings() == 0) {
      throw corrupt("TOC at offset " + at + ": missing symbol table or postings");
    }
    return t;
  }

  /**
   * Verifies a section framed as {@code be32 len, len bytes, be32 crc} and returns a cursor over
   * its {@code len} bytes.
   */
  private DecBuf framedSection(long at, String what) {
    long size = seg.byteSize();
    if (at + 8 > size) {
      throw corrupt(what + " at offset " + at + ": outside the file");
    }
    long len = Integer.toUnsignedLong(seg.get(BE32, at));
    long end = at + 4 + len;
    if (end + 4 > size) {
      throw corrupt(what + " at offset " + at + ": length " + len + " exceeds the file");
    }
    try {
      DecBuf.verifyCrc32c(seg, at + 4, end, what + " at offset " + at);
    } catch (CorruptionException e) {
      throw corrupt(e.getMessage());
    }
    return new DecBuf(seg, at + 4, end);
  }

  private List<String> loadPostingsTable(DecBuf d, int entries) {
    List<String> sortedNames = new ArrayList<>();
    long nameAt = -1;
    long nameLen = -1;
    String name = "";
    List<String> sampledValues = new ArrayList<>();
    long[] sampledEntries = new long[8];
    int valueCount = 0;
    long entryAt = d.position();
    try {
      for (int i = 0; i < entries; i++) {
        entryAt = d.position();
        long keys = d.getUvarint();
        if (keys != 2) {
          throw new CorruptionException("unexpected key count " + keys);
        }
        long len = d.getUvarint32();
        long at = d.position();
        d.skip(len);
        boolean sameName = nameAt >= 0 && equalBytes(nameAt, nameLen, at, len);
        if (!sameName) {
          if (nameAt >= 0) {
            addName(name, sampledValues, sampledEntries, valueCount, entryAt, sortedNames);
          }
          name = d.getString(at, (int) len);
          nameAt = at;
          nameLen = len;
          sampledValues.clear();
          valueCount = 0;
        }
        long valueLen = d.getUvarint32();
        long valueAt = d.position();
        d.skip(valueLen);
        d.getUvarint(); // postings offset, read on lookup
        if (valueCount % SAMPLE_INTERVAL == 0) {
          int s = valueCount / SAMPLE_INTERVAL;
          if (s == sampledEntries.length) {
            sampledEntries = Arrays.copyOf(sampledEntries, s * 2);
          }
          sampledEntries[s] = entryAt;
          sampledValues.add(d.getString(valueAt, (int) valueLen));
        }
        valueCount++;
      }
    } catch (CorruptionException e) {
      throw corrupt("postings offset table entry at offset " + entryAt + ": " + e.getMessage());
    }
    if (nameAt >= 0) {
      addName(name, sampledValues, sampledEntries, valueCount, d.position(), sortedNames);
    }
    if (d.remaining() != 0) {
      throw corrupt(
          "postings offset table at offset "
              + toc.postingsTable()
              + ": "
              + d.remaining()
              + " trailing bytes");
    }
    return List.copyOf(sortedNames);
  }

  private void addName(
      String name,
      List<String> sampledValues,
      long[] sampledEntries,
      int valueCount,
      long end,
      List<String> sortedNames) {
    int samples = sampledValues.size();
    names.put(
        name,
        new NameEntry(
            name,
            sampledValues.toArray(new String[0]),
            Arrays.copyOf(sampledEntries, samples),
            valueCount,
            end));
    if (!name.isEmpty()) {
      sortedNames.add(name);
    }
  }

  private boolean equalBytes(long a, long aLen, long b, long bLen) {
    return aLen == bLen && MemorySegment.mismatch(seg, a, a + aLen, seg, b, b + bLen) == -1;
  }

  private static long align(long offset, int alignment) {
    return (offset + alignment - 1) & -alignment;
  }

  private CorruptionException corrupt(String message) {
    return new CorruptionException("index " + path + ": " + message);
  }

  /** Returns the index format version byte (2 or 3). */
  public int version() {
    return version;
  }

  /** Returns the size of the index file in bytes. */
  public long size() {
    return seg.byteSize();
  }

  /** Returns whether the file has the legacy label indices (Prometheus ≤ 3.6 layout). */
  public boolean hasLabelIndices() {
    return toc.hasLabelIndices();
  }

  /** Returns the number of symbols. */
  public int symbolCount() {
    return symbolCount;
  }

  /**
   * Returns the symbol with the given ordinal.
   *
   * @throws CorruptionException when the ordinal is outside the symbol table
   */
  public String symbol(int ordinal) {
    if (ordinal < 0 || ordinal >= symbolCount) {
      throw corrupt("symbol ordinal " + ordinal + " outside table of " + symbolCount);
    }
    DecBuf d = new DecBuf(seg, symbolSamples[ordinal / SAMPLE_INTERVAL], symbolsEnd);
    for (int i = ordinal % SAMPLE_INTERVAL; i > 0; i--) {
      d.skip(d.getUvarint32());
    }
    return d.getUvarintStr();
  }

  @Override
  public Iterator<String> symbols() {
    DecBuf d = new DecBuf(seg, symbolsStart + 8, symbolsEnd);
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < symbolCount;
      }

      @Override
      public String next() {
        if (next >= symbolCount) {
          throw new NoSuchElementException();
        }
        next++;
        return d.getUvarintStr();
      }
    };
  }

  @Override
  public List<String> labelNames() {
    return labelNames;
  }

  @Override
  public List<String> labelValues(String name) {
    @Nullable NameEntry e = name.isEmpty() ? null : names.get(name);
    if (e == null) {
      return List.of();
    }
    List<String> values = new ArrayList<>(e.valueCount());
    DecBuf d = new DecBuf(seg, e.sampledEntries()[0], e.end());
    while (d.remaining() > 0) {
      d.getUvarint();
      d.skip(d.getUvarint32());
      values.add(d.getUvarintStr());
      d.getUvarint();
    }
    return values;
  }

  /**
   * Calls {@code visitor} for every label pair (not for the all-series key), in (name, value) byte
   * order, with the number of series carrying it. Postings checksums are not verified here.
   */
  public void forEachPostingsCount(PostingsCountVisitor visitor) {
    for (String name : labelNames) {
      NameEntry e = names.get(name);
      DecBuf d = new DecBuf(seg, e.sampledEntries()[0], e.end());
      while (d.remaining() > 0) {
        d.getUvarint();
        d.skip(d.getUvarint32());
        String value = d.getUvarintStr();
        long offset = d.getUvarint();
        if (offset + 8 > seg.byteSize()) {
          throw corrupt("postings list at offset " + offset + " outside the file");
        }
        visitor.visit(name, value, seg.get(BE32, offset + 4));
      }
    }
  }

  @Override
  public Postings postings(String name, String... values) {
    @Nullable NameEntry e = names.get(name);
    if (e == null || values.length == 0) {
      return Postings.EMPTY;
    }
    if (values.length == 1) {
      long offset = postingsOffset(e, values[0]);
      return offset < 0 ? Postings.EMPTY : postingsAt(offset);
    }
    List<Postings> lists = new ArrayList<>(values.length);
    for (String v : values) {
      long offset = postingsOffset(e, v);
      if (offset >= 0) {
        lists.add(postingsAt(offset));
      }
    }
    return PostingsAlgebra.merge(lists);
  }

  /** Returns the offset of the postings list of {@code e.name=value}, or -1 when absent. */
  private long postingsOffset(NameEntry e, String value) {
    String[] samples = e.sampledValues();
    int lo = 0;
    int hi = samples.length - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Utf8Order.compare(samples[mid], value);
      if (c <= 0) {
        found = mid;
        if (c == 0) {
          break;
        }
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0) {
      return -1;
    }
    MemorySegment target = MemorySegment.ofArray(value.getBytes(StandardCharsets.UTF_8));
    long entryAt = e.sampledEntries()[found];
    DecBuf d = new DecBuf(seg, entryAt, e.end());
    try {
      for (int i = 0; i < SAMPLE_INTERVAL && d.remaining() > 0; i++) {
        entryAt = d.position();
        d.getUvarint();
        d.skip(d.getUvarint32());
        long len = d.getUvarint32();
        long at = d.position();
        d.skip(len);
        long offset = d.getUvarint();
        int c = compareBytes(at, len, target);
        if (c == 0) {
          return offset;
        }
        if (c > 0) {
          return -1;
        }
      }
    } catch (CorruptionException ex) {
      throw corrupt("postings offset table entry at offset " + entryAt + ": " + ex.getMessage());
    }
    return -1;
  }

  private int compareBytes(long at, long len, MemorySegment target) {
    long targetLen = target.byteSize();
    long i = MemorySegment.mismatch(seg, at, at + len, target, 0, targetLen);
    if (i < 0) {
      return 0;
    }
    if (i == len || i == targetLen) {
      return Long.compare(len, targetLen);
    }
    int a = seg.get(ValueLayout.JAVA_BYTE, at + i) & 0xFF;
    int b = target.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
    return a - b;
  }

  /** Returns the postings list whose length field is at {@code offset}, after checking its CRC. */
  private Postings postingsAt(long offset) {
    long size = seg.byteSize();
    if (offset < HEADER_LENGTH || offset + 8 > size) {
      throw corrupt("postings list at offset " + offset + " outside the file");
    }
    long len = Integer.toUnsignedLong(seg.get(BE32, offset));
    long count = Integer.toUnsignedLong(seg.get(BE32, offset + 4));
    if (len != 4 + 4 * count || offset + 4 + len + 4 > size) {
      throw corrupt(
          "postings list at offset "
              + offset
              + ": length "
              + len
              + " does not fit "
              + count
              + " entries");
    }
    try {
      DecBuf.verifyCrc32c(seg, offset + 4, offset + 4 + len, "postings list at offset " + offset);
    } catch (CorruptionException e) {
      throw corrupt(e.getMessage());
    }
    if (count == 0) {
      return Postings.EMPTY;
    }
    return new SegmentPostings(seg, offset + 8, (int) count);
  }

  @Override
  public boolean series(long ref, LabelsBuilder labels, List<ChunkRef> chunks) {
    if (ref < 0 || ref > (Long.MAX_VALUE >>> 4)) {
      return false;
    }
    long offset = ref * 16;
    if (offset < seriesStart || offset >= seriesEnd) {
      return false;
    }
    try {
      DecBuf d = new DecBuf(seg, offset, seriesEnd);
      long len = d.getUvarint32();
      long bodyStart = d.position();
      if (len > d.remaining() - 4) {
        throw new CorruptionException("length " + len + " exceeds the series section");
      }
      DecBuf.verifyCrc32c(seg, bodyStart, bodyStart + len, "checksum");
      d = new DecBuf(seg, bodyStart, bodyStart + len);
      labels.reset();
      long labelCount = d.getUvarint();
      for (long i = 0; i < labelCount; i++) {
        String name = symbolAt(d.getUvarint32());
        String value = symbolAt(d.getUvarint32());
        labels.set(name, value);
      }
      long chunkCount = d.getUvarint();
      chunks.clear();
      if (chunkCount > 0) {
        long mint = d.getVarint();
        long maxt = mint + d.getUvarint();
        long chunkRef = d.getUvarint();
        chunks.add(new ChunkRef(chunkRef, mint, maxt));
        for (long i = 1; i < chunkCount; i++) {
          mint = maxt + d.getUvarint();
          maxt = mint + d.getUvarint();
          chunkRef += d.getVarint();
          chunks.add(new ChunkRef(chunkRef, mint, maxt));
        }
      }
      if (d.remaining() != 0) {
        throw new CorruptionException(d.remaining() + " trailing bytes");
      }
      return true;
    } catch (CorruptionException e) {
      throw corrupt("series " + ref + " at offset " + offset + ": " + e.getMessage());
    }
  }

  private String symbolAt(long ordinal) {
    if (ordinal >= symbolCount) {
      throw new CorruptionException(
          "symbol ordinal " + ordinal + " outside table of " + symbolCount);
    }
    return symbol((int) ordinal);
  }

  /**
   * Verifies every checksum in the file: TOC, symbol table, both offset tables, each legacy label
   * index, each postings list and each series entry (the series reached from the all-series list).
   * Costs a full read of the file.
   *
   * @return the number of checksums verified
   * @throws CorruptionException at the first mismatch
   */
  public int verifyChecksums() {
    int verified = 3; // TOC, symbol table and postings offset table, verified by open
    if (toc.hasLabelIndices()) {
      DecBuf d = framedSection(toc.labelIndicesTable(), "label offset table");
      verified++;
      int n = d.getBe32();
      for (int i = 0; i < n; i++) {
        long keys = d.getUvarint();
        for (long k = 0; k < keys; k++) {
          d.skip(d.getUvarint32());
        }
        framedSection(align(d.getUvarint(), 4), "label index");
        verified++;
      }
    }
    DecBuf table = new DecBuf(seg, postingsTableEntries, postingsTableEnd);
    while (table.remaining() > 0) {
      table.getUvarint();
      table.skip(table.getUvarint32());
      table.skip(table.getUvarint32());
      postingsAt(table.getUvarint());
      verified++;
    }
    Postings all = allPostings();
    LabelsBuilder labels = new LabelsBuilder();
    List<ChunkRef> chunks = new ArrayList<>();
    while (all.next()) {
      if (!series(all.at(), labels, chunks)) {
        throw corrupt("series " + all.at() + " listed in postings is outside the series section");
      }
      verified++;
    }
    return verified;
  }

  @Override
  public void close() {
    mapped.close();
  }

  @Override
  public String toString() {
    return "BlockIndexReader[" + path + "]";
  }
}
