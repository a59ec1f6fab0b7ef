package io.futurnal.llm.synthetic;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** A minimal GGUF reader for the tests: string metadata and the tensor table. */
final class GgufTensors {

    final Map<String, String> strings = new HashMap<>();
    final Map<String, Long> offsets = new HashMap<>();
    final Map<String, Integer> types = new HashMap<>();
    ByteBuffer data;
    long dataStart;

    static GgufTensors read(ByteBuffer b) {
        GgufTensors t = new GgufTensors();
        t.data = b;
        b.position(8);
        long tensors = b.getLong();
        long kvs = b.getLong();
        for (long i = 0; i < kvs; i++) {
            String key = str(b);
            int type = b.getInt();
            if (type == 8) {
                t.strings.put(key, str(b));
            } else {
                skip(b, type);
            }
        }
        for (long i = 0; i < tensors; i++) {
            String name = str(b);
            int dims = b.getInt();
            b.position(b.position() + 8 * dims);
            t.types.put(name, b.getInt());
            t.offsets.put(name, b.getLong());
        }
        t.dataStart = (b.position() + 31) / 32 * 32;
        return t;
    }

    private static void skip(ByteBuffer b, int type) {
        int[] sizes = {1, 1, 2, 2, 4, 4, 4, 1, -1, -1, 8, 8, 8};
        if (type == 8) {
            str(b);
        } else if (type == 9) {
            int element = b.getInt();
            long n = b.getLong();
            for (long i = 0; i < n; i++) {
                skip(b, element);
            }
        } else {
            b.position(b.position() + sizes[type]);
        }
    }

    private static String str(ByteBuffer b) {
        byte[] s = new byte[(int) b.getLong()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}
