package io.argus.tsdb.index;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Utf8Order;
import io.argus.tsdb.encoding.EncBuf;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.fs.WritableFile;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Writes a block index in Prometheus' index format version 2 (see storage-formats.md §2.3).
 *
 * <p>Use: {@link #create}, then {@link #addSymbols} once, then {@link #addSeries} for every series
 * in increasing label order, then {@link #close()}, which writes the label indices, postings,
 * offset tables and TOC and syncs the file. By default the output is the layout of Prometheus up to
 * 3.6, byte for byte; {@link #create(FileOps, Path, boolean)} can instead omit the legacy label
 * indices as Prometheus 3.7+ does.
 *
 * <p>Memory: the symbol table is held as a map from symbol to ordinal, and the postings of every
 * label pair as an {@code int[]} of series IDs, until {@link #close()}. Output goes through an
 * internal buffer to {@link FileOps#create}. Not thread-safe. Errors in the caller's input throw
 * {@link IllegalArgumentException} or {@link IllegalStateException}; I/O errors throw {@link
 * UncheckedIOException}. After any error the writer must be closed and the file discarded.
 */
public final class IndexWriter implements Closeable {
  static final int MAGIC = 0xBAAAD700;
  static final int FORMAT_VERSION = 2;
  static final int TOC_LENGTH = 6 * 8 + 4;
  private static final int BUFFER_SIZE = 1 << 16;
  private static final long MAX_SERIES_ID = 0xFFFF_FFFFL;

  private enum Stage {
    SYMBOLS,
    SERIES,
    CLOSED
  }

  private final WritableFile file;
  private final boolean legacyLabelIndices;
  private final byte[] out = new byte[BUFFER_SIZE];
  private int outLen;
  private long pos;
  private Stage stage = Stage.SYMBOLS;
  private boolean failed;

  private final EncBuf entry = new EncBuf(1024);
  private final Map<String, Integer> symbolOrdinals = new HashMap<>();
  private String[] symbolsByOrdinal = new String[0];

  /** Label pair (name ordinal << 32 | value ordinal) to its index in {@link #pairPostings}. */
  private final LongIntMap pairIndex = new LongIntMap();

  private final List<IntList> pairPostings = new ArrayList<>();
  private final IntList allSeries = new IntList();
  private int[] seriesOrdinals = new int[32];
  private @Nullable Labels lastLabels;
  private long lastChunkRef;

  private long tocSymbols;
  private long tocSeries;

  private IndexWriter(WritableFile file, boolean legacyLabelIndices) {
    this.file = file;
    this.legacyLabelIndices = legacyLabelIndices;
  }

  /** Creates {@code file} (truncating it) and writes the header; Prometheus ≤ 3.6 layout. */
  public static IndexWriter create(FileOps ops, Path file) throws IOException {
    return create(ops, file, true);
  }

  /**
   * Creates {@code file} (truncating it) and writes the header.
   *
   * @param legacyLabelIndices true for the Prometheus ≤ 3.6 layout with label indices and the label
   *     offset table; false for the 3.7+ layout without them, where the TOC entries {@code
   *     labelIndices} and {@code labelIndicesTable} equal {@code postings} and {@code
   *     postingsTable}
   */
  public static IndexWriter create(FileOps ops, Path file, boolean legacyLabelIndices)
      throws IOException {
    IndexWriter w = new IndexWriter(ops.create(file), legacyLabelIndices);
    w.entry.reset().putBe32(MAGIC).putByte(FORMAT_VERSION);
    w.writeEntry();
    return w;
  }

  /**
   * Writes the symbol table. Must be called once, before the first series. The symbols must be
   * strictly ascending in UTF-8 byte order and include every label name and value of the series to
   * come; the empty string, which Prometheus always stores as symbol 0, is added when missing. The
   * iterable is traversed twice.
   *
   * @throws IllegalArgumentException when the symbols are not strictly ascending
   */
  public void addSymbols(Iterable<String> sortedSymbols) {
    requireStage(Stage.SYMBOLS, "addSymbols");
    long bytes = 0;
    int count = 0;
    @Nullable String prev = null;
    boolean hasEmpty = false;
    for (String s : sortedSymbols) {
      if (prev != null && Utf8Order.compare(prev, s) >= 0) {
        fail();
        throw new IllegalArgumentException(
            "symbol table not sorted: \"" + s + "\" after \"" + prev + "\"");
      }
      if (s.isEmpty()) {
        hasEmpty = true;
      }
      int n = utf8Length(s);
      bytes += EncBuf.uvarintSize(n) + n;
      count++;
      prev = s;
    }
    if (!hasEmpty) {
      bytes += 1;
      count++;
    }
    bytes += 4; // the count field
    if (bytes > MAX_SERIES_ID) {
      fail();
      throw new IllegalArgumentException("symbol table size exceeds 4 GiB: " + bytes + " bytes");
    }
    tocSymbols = pos;
    symbolsByOrdinal = new String[count];
    CRC32C crc = new CRC32C();
    entry.reset().putBe32((int) bytes).putBe32(count);
    crc.update(entry.array(), 4, 4);
    int ordinal = 0;
    if (!hasEmpty) {
      entry.putUvarintStr("");
      crc.update(entry.array(), 8, 1);
      symbolOrdinals.put("", ordinal);
      symbolsByOrdinal[ordinal++] = "";
    }
    writeEntry();
    for (String s : sortedSymbols) {
      entry.reset().putUvarintStr(s);
      crc.update(entry.array(), 0, entry.len());
      writeEntry();
      symbolOrdinals.put(s, ordinal);
      symbolsByOrdinal[ordinal++] = s;
    }
    entry.reset().putBe32((int) crc.getValue());
    writeEntry();
    stage = Stage.SERIES;
    tocSeries = pos;
  }

  /**
   * Adds the next series and returns its ID (its entry offset / 16), the reference that postings
   * lists hold.
   *
   * @param labels non-empty, greater than the previous series' labels
   * @param chunks sorted by time and not overlapping ({@code mint <= maxt}, each {@code mint}
   *     greater than the previous {@code maxt}), references non-decreasing within and across series
   * @throws IllegalArgumentException when an ordering or chunk invariant is violated or a label
   *     string is not in the symbol table
   */
  public long addSeries(Labels labels, List<ChunkRef> chunks) {
    if (stage == Stage.SYMBOLS) {
      throw new IllegalStateException("addSymbols must be called before addSeries");
    }
    requireStage(Stage.SERIES, "addSeries");
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("series with empty label set");
    }
    if (lastLabels != null && labels.compareTo(lastLabels) <= 0) {
      throw new IllegalArgumentException("out-of-order series added with label set " + labels);
    }
    validateChunks(labels, chunks);

    long seriesOffset = (pos + 15) & ~15L;
    long id = seriesOffset / 16;
    if (id > MAX_SERIES_ID) {
      fail();
      throw new IllegalArgumentException(
          "series reference " + id + " exceeds 4 bytes: index larger than 64 GiB");
    }
    int[] ordinals = labelOrdinals(labels);

    entry.reset();
    entry.putUvarint(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      entry.putUvarint(ordinals[2 * i]).putUvarint(ordinals[2 * i + 1]);
    }
    entry.putUvarint(chunks.size());
    if (!chunks.isEmpty()) {
      ChunkRef c = chunks.getFirst();
      entry.putVarint(c.minTime()).putUvarint(c.maxTime() - c.minTime()).putUvarint(c.ref());
      for (int i = 1; i < chunks.size(); i++) {
        ChunkRef p = c;
        c = chunks.get(i);
        entry.putUvarint(c.minTime() - p.maxTime()).putUvarint(c.maxTime() - c.minTime());
        entry.putVarint(c.ref() - p.ref());
      }
      lastChunkRef = chunks.getLast().ref();
    }
    int bodyLength = entry.len();
    int crc = entry.crc32c(0);
    entry.putBe32(crc);
    padTo(16);
    writeUvarint(bodyLength);
    writeEntry();

    int intId = (int) id;
    allSeries.add(intId);
    for (int i = 0; i < labels.size(); i++) {
      long key = ((long) ordinals[2 * i] << 32) | ordinals[2 * i + 1];
      int idx = pairIndex.get(key);
      if (idx < 0) {
        idx = pairPostings.size();
        pairIndex.put(key, idx);
        pairPostings.add(new IntList());
      }
      pairPostings.get(idx).add(intId);
    }
    lastLabels = labels;
    return id;
  }

  private void validateChunks(Labels labels, List<ChunkRef> chunks) {
    long prevMaxt = 0;
    long prevRef = lastChunkRef;
    for (int i = 0; i < chunks.size(); i++) {
      ChunkRef c = chunks.get(i);
      if (c.minTime() > c.maxTime()) {
        throw new IllegalArgumentException(
            "chunk "
                + i
                + " of series "
                + labels
                + " has mint "
                + c.minTime()
                + " after maxt "
                + c.maxTime());
      }
      if (i > 0 && c.minTime() <= prevMaxt) {
        throw new IllegalArgumentException(
            "chunks of series "
                + labels
                + " not sorted or overlapping: mint "
                + c.minTime()
                + " not after previous maxt "
                + prevMaxt);
      }
      if (Long.compareUnsigned(c.ref(), prevRef) < 0) {
        throw new IllegalArgumentException(
            "unsorted chunk reference: " + c.ref() + ", previous: " + prevRef);
      }
      prevMaxt = c.maxTime();
      prevRef = c.ref();
    }
  }

  private int[] labelOrdinals(Labels labels) {
    int n = labels.size() * 2;
    if (seriesOrdinals.length < n) {
      seriesOrdinals = new int[n];
    }
    for (int i = 0; i < labels.size(); i++) {
      seriesOrdinals[2 * i] = ordinal(labels.name(i));
      seriesOrdinals[2 * i + 1] = ordinal(labels.value(i));
    }
    return seriesOrdinals;
  }

  private int ordinal(String symbol) {
    Integer o = symbolOrdinals.get(symbol);
    if (o == null) {
      throw new IllegalArgumentException("symbol \"" + symbol + "\" not in the symbol table");
    }
    return o;
  }

  /**
   * Writes the remaining sections and the TOC, syncs and closes the file. Idempotent. After an
   * earlier error it only closes the file, which then has no TOC and must be discarded.
   */
  @Override
  public void close() throws IOException {
    if (stage == Stage.CLOSED) {
      return;
    }
    try {
      if (!failed) {
        if (stage == Stage.SYMBOLS) {
          addSymbols(List.of());
        }
        finish();
        flush();
        file.sync();
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      stage = Stage.CLOSED;
      file.close();
    }
  }

  private void finish() {
    long[] keys = pairIndex.sortedKeys();

    long tocLabelIndices = pos;
    long[] labelIndexOffsets = new long[0];
    int[] labelIndexNames = new int[0];
    if (legacyLabelIndices) {
      int names = 0;
      for (int i = 0; i < keys.length; i++) {
        if (i == 0 || (keys[i] >>> 32) != (keys[i - 1] >>> 32)) {
          names++;
        }
      }
      labelIndexOffsets = new long[names];
      labelIndexNames = new int[names];
      int start = 0;
      for (int n = 0; n < names; n++) {
        int name = (int) (keys[start] >>> 32);
        int end = start;
        while (end < keys.length && (int) (keys[end] >>> 32) == name) {
          end++;
        }
        padTo(4);
        labelIndexOffsets[n] = pos;
        labelIndexNames[n] = name;
        entry.reset().putBe32(0).putBe32(1).putBe32(end - start);
        for (int i = start; i < end; i++) {
          entry.putBe32((int) keys[i]);
        }
        finishFramedEntry();
        start = end;
      }
    }

    long tocPostings = pos;
    long[] postingsOffsets = new long[keys.length];
    long allOffset = writePostingsList(allSeries);
    for (int i = 0; i < keys.length; i++) {
      postingsOffsets[i] = writePostingsList(pairPostings.get(pairIndex.get(keys[i])));
    }

    long tocLabelIndicesTable = pos;
    if (legacyLabelIndices) {
      entry.reset().putBe32(0).putBe32(labelIndexOffsets.length);
      for (int n = 0; n < labelIndexOffsets.length; n++) {
        entry.putUvarint(1).putUvarintStr(symbolsByOrdinal[labelIndexNames[n]]);
        entry.putUvarint(labelIndexOffsets[n]);
      }
      finishFramedEntry();
    }

    long tocPostingsTable = pos;
    writePostingsTable(keys, allOffset, postingsOffsets);

    if (!legacyLabelIndices) {
      tocLabelIndices = tocPostings;
      tocLabelIndicesTable = tocPostingsTable;
    }
    entry.reset();
    entry.putBe64(tocSymbols).putBe64(tocSeries).putBe64(tocLabelIndices);
    entry.putBe64(tocLabelIndicesTable).putBe64(tocPostings).putBe64(tocPostingsTable);
    entry.putCrc32c(0);
    writeEntry();
  }

  /** Writes the postings offset table in pieces, computing its length in a first pass. */
  private void writePostingsTable(long[] keys, long allOffset, long[] postingsOffsets) {
    long bytes = 4 + 1 + 1 + 1 + EncBuf.uvarintSize(allOffset);
    for (int i = 0; i < keys.length; i++) {
      int name = utf8Length(symbolsByOrdinal[(int) (keys[i] >>> 32)]);
      int value = utf8Length(symbolsByOrdinal[(int) keys[i]]);
      bytes += 1 + EncBuf.uvarintSize(name) + name + EncBuf.uvarintSize(value) + value;
      bytes += EncBuf.uvarintSize(postingsOffsets[i]);
    }
    if (bytes > MAX_SERIES_ID) {
      throw new IllegalArgumentException("postings offset table exceeds 4 GiB");
    }
    CRC32C crc = new CRC32C();
    entry.reset().putBe32((int) bytes).putBe32(keys.length + 1);
    entry.putUvarint(2).putUvarintStr("").putUvarintStr("").putUvarint(allOffset);
    crc.update(entry.array(), 4, entry.len() - 4);
    writeEntry();
    for (int i = 0; i < keys.length; i++) {
      entry.reset().putUvarint(2);
      entry.putUvarintStr(symbolsByOrdinal[(int) (keys[i] >>> 32)]);
      entry.putUvarintStr(symbolsByOrdinal[(int) keys[i]]);
      entry.putUvarint(postingsOffsets[i]);
      crc.update(entry.array(), 0, entry.len());
      writeEntry();
    }
    entry.reset().putBe32((int) crc.getValue());
    writeEntry();
  }

  /** Writes one 4-aligned postings list and returns its offset. */
  private long writePostingsList(IntList ids) {
    padTo(4);
    long offset = pos;
    CRC32C crc = new CRC32C();
    entry.reset().putBe32(4 + 4 * ids.size).putBe32(ids.size);
    int crcFrom = 4;
    for (int i = 0; i < ids.size; i++) {
      if (entry.len() >= 8192) {
        crc.update(entry.array(), crcFrom, entry.len() - crcFrom);
        writeEntry();
        entry.reset();
        crcFrom = 0;
      }
      entry.putBe32(ids.values[i]);
    }
    crc.update(entry.array(), crcFrom, entry.len() - crcFrom);
    entry.putBe32((int) crc.getValue());
    writeEntry();
    return offset;
  }

  /**
   * Completes the entry buffer whose first four bytes are a length placeholder: patches the length,
   * appends the CRC of the bytes after it and writes it out.
   */
  private void finishFramedEntry() {
    entry.putBe32At(0, entry.len() - 4);
    entry.putCrc32c(4);
    writeEntry();
  }

  private void requireStage(Stage expected, String operation) {
    if (failed) {
      throw new IllegalStateException("index writer failed earlier; " + operation + " refused");
    }
    if (stage != expected) {
      throw new IllegalStateException(operation + " called in stage " + stage);
    }
  }

  private void fail() {
    failed = true;
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  // ---- buffered output ----

  private void padTo(int alignment) {
    while ((pos & (alignment - 1)) != 0) {
      writeByte(0);
    }
  }

  private void writeUvarint(long v) {
    while ((v & ~0x7FL) != 0) {
      writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    writeByte((int) v);
  }

  private void writeByte(int b) {
    if (outLen == out.length) {
      flush();
    }
    out[outLen++] = (byte) b;
    pos++;
  }

  private void writeEntry() {
    write(entry.array(), entry.len());
  }

  private void write(byte[] b, int len) {
    if (len >= out.length) {
      flush();
      writeThrough(b, 0, len);
    } else {
      if (outLen + len > out.length) {
        flush();
      }
      System.arraycopy(b, 0, out, outLen, len);
      outLen += len;
    }
    pos += len;
  }

  private void flush() {
    writeThrough(out, 0, outLen);
    outLen = 0;
  }

  private void writeThrough(byte[] b, int off, int len) {
    if (len == 0) {
      return;
    }
    try {
      file.write(b, off, len);
    } catch (IOException e) {
      fail();
      throw new UncheckedIOException("write index: " + e.getMessage(), e);
    }
  }

  /** A growable list of ints. */
  private static final class IntList {
    int[] values = new int[4];
    int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }
  }

  /** An open-addressing map from non-negative long keys to non-negative ints. */
  private static final class LongIntMap {
    private long[] keys = new long[64];
    private int[] vals = new int[64];
    private int size;

    LongIntMap() {
      Arrays.fill(keys, -1);
    }

    int get(long key) {
      int mask = keys.length - 1;
      for (int i = slot(key, mask); ; i = (i + 1) & mask) {
        if (keys[i] == key) {
          return vals[i];
        }
        if (keys[i] == -1) {
          return -1;
        }
      }
    }

    void put(long key, int value) {
      if ((size + 1) * 2 > keys.length) {
        grow();
      }
      int mask = keys.length - 1;
      int i = slot(key, mask);
      while (keys[i] != -1 && keys[i] != key) {
        i = (i + 1) & mask;
      }
      if (keys[i] == -1) {
        size++;
      }
      keys[i] = key;
      vals[i] = value;
    }

    long[] sortedKeys() {
      long[] out = new long[size];
      int n = 0;
      for (long k : keys) {
        if (k != -1) {
          out[n++] = k;
        }
      }
      Arrays.sort(out);
      return out;
    }

    private static int slot(long key, int mask) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h >>> 32) & mask;
    }

    private void grow() {
      long[] oldKeys = keys;
      int[] oldVals = vals;
      keys = new long[oldKeys.length * 2];
      vals = new int[oldKeys.length * 2];
      Arrays.fill(keys, -1);
      size = 0;
      for (int i = 0; i < oldKeys.length; i++) {
        if (oldKeys[i] != -1) {
          put(oldKeys[i], oldVals[i]);
        }
      }
    }
  }
}
