package dev.twice.analysis;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * A Bloom filter of the URLs and keys whose history lives only in SQLite (recorded before this
 * start, or evicted from memory since). "No" is certain, so a never-seen URL costs no query;
 * "maybe" costs one. Fixed size: 8 Mbit (1 MiB), about 3 % false positives at a million entries.
 */
final class SeenFilter {

    private static final int BITS = 1 << 23;
    private static final int HASHES = 3;

    private final BitSet bits = new BitSet(BITS);

    void add(String value) {
        long h = hash(value);
        int h1 = (int) h;
        int h2 = (int) (h >>> 32);
        for (int i = 0; i < HASHES; i++) {
            bits.set(Math.floorMod(h1 + i * h2, BITS));
        }
    }

    boolean mightContain(String value) {
        long h = hash(value);
        int h1 = (int) h;
        int h2 = (int) (h >>> 32);
        for (int i = 0; i < HASHES; i++) {
            if (!bits.get(Math.floorMod(h1 + i * h2, BITS))) {
                return false;
            }
        }
        return true;
    }

    /** 64-bit FNV-1a over the UTF-8 bytes: cheap, and well spread for the double hashing above. */
    private static long hash(String value) {
        long h = 0xcbf29ce484222325L;
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
