package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.InvalidModelFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutants of the bundled stories260K GGUF file: every one either reads to a header or is
 * refused with an {@link InvalidModelFileException}, quickly and without running out of memory,
 * so a corrupt download can never reach llama.cpp's loader or crash the reader.
 */
class GgufFuzzTest {

    private static final int MUTANTS_PER_KIND = 60;
    private static final long BASE_SEED = 0x6775_6766L;

    @TempDir
    Path dir;

    /** The ways a mutant is made. */
    enum Mutation {
        BYTE_FLIPS, TRUNCATION, LENGTH_FIELD, TYPE_TAG, KEY_INTEGER, TENSOR_FIELD
    }

    @Test
    void everyMutantReadsOrIsRefusedWithATypedError() throws IOException {
        byte[] original = Files.readAllBytes(ModelFiles.stories());
        GgufLayout layout = GgufLayout.of(original);
        Map<Mutation, int[]> outcomes = new EnumMap<>(Mutation.class);
        List<String> escapes = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            int index = 0;
            for (Mutation kind : Mutation.values()) {
                SplittableRandom random = new SplittableRandom(BASE_SEED + kind.ordinal());
                int[] acceptedRejected = outcomes.computeIfAbsent(kind, k -> new int[2]);
                for (int i = 0; i < MUTANTS_PER_KIND; i++) {
                    Mutant mutant = mutate(kind, original, layout, random);
                    Path file = Files.write(dir.resolve("mutant-" + index++ + ".gguf"), mutant.bytes);
                    try {
                        GgufReader.read(file);
                        acceptedRejected[0]++;
                    } catch (InvalidModelFileException e) {
                        acceptedRejected[1]++;
                    } catch (Throwable t) {
                        escapes.add(kind + " #" + i + " (" + mutant.description + "): " + t);
                    } finally {
                        Files.delete(file);
                    }
                }
            }
        });
        int accepted = 0;
        int rejected = 0;
        for (Map.Entry<Mutation, int[]> e : outcomes.entrySet()) {
            System.out.printf("GgufFuzzTest %-12s accepted %3d, rejected %3d%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
            accepted += e.getValue()[0];
            rejected += e.getValue()[1];
        }
        System.out.printf("GgufFuzzTest total        accepted %3d, rejected %3d, other %d%n", accepted, rejected, escapes.size());
        assertTrue(escapes.isEmpty(), "mutants that escaped as another error: " + escapes);
        assertEquals(MUTANTS_PER_KIND * Mutation.values().length, accepted + rejected);
        assertEquals(MUTANTS_PER_KIND, outcomes.get(Mutation.TRUNCATION)[1], "every truncated file is refused");
        assertTrue(rejected >= accepted, "most mutants must be refused; accepted " + accepted + ", rejected " + rejected);
        for (Mutation kind : List.of(Mutation.LENGTH_FIELD, Mutation.TYPE_TAG, Mutation.KEY_INTEGER, Mutation.TENSOR_FIELD)) {
            assertTrue(outcomes.get(kind)[1] > 0, kind + " mutants must be refused at least sometimes");
        }
    }

    private static Mutant mutate(Mutation kind, byte[] original, GgufLayout layout, SplittableRandom random) {
        byte[] bytes = original.clone();
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        switch (kind) {
            case BYTE_FLIPS -> {
                int flips = 1 + random.nextInt(8);
                StringBuilder at = new StringBuilder("flipped at");
                for (int f = 0; f < flips; f++) {
                    int position = random.nextInt((int) layout.headerEnd);
                    bytes[position] ^= (byte) (1 + random.nextInt(255));
                    at.append(' ').append(position);
                }
                return new Mutant(bytes, at.toString());
            }
            case TRUNCATION -> {
                int length = random.nextBoolean() ? random.nextInt((int) layout.headerEnd + 1)
                        : random.nextInt(original.length);
                byte[] cut = new byte[length];
                System.arraycopy(original, 0, cut, 0, length);
                return new Mutant(cut, "cut to " + length + " bytes");
            }
            case LENGTH_FIELD -> {
                Field field = pick(layout.lengths, random);
                long value = corruptLength(le.getLong(field.position), random);
                le.putLong(field.position, value);
                return new Mutant(bytes, "length at " + field.position + " set to " + Long.toUnsignedString(value));
            }
            case TYPE_TAG -> {
                Field field = pick(layout.typeTags, random);
                int value = random.nextBoolean() ? random.nextInt(40) : random.nextInt();
                le.putInt(field.position, value);
                return new Mutant(bytes, "type tag at " + field.position + " set to " + Integer.toUnsignedString(value));
            }
            case KEY_INTEGER -> {
                Field field = pick(layout.integers, random);
                long value = corruptInteger(field, bytes, random);
                return new Mutant(bytes, field.name + " set to " + value);
            }
            case TENSOR_FIELD -> {
                Field field = pick(layout.tensorFields, random);
                long value = corruptInteger(field, bytes, random);
                return new Mutant(bytes, field.name + " set to " + value);
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
    }

    /** Lengths that break a parser trusting them: zero, one off, huge, negative when read as signed. */
    private static long corruptLength(long original, SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> original + 1;
            case 2 -> original - 1;
            case 3 -> -1L;
            case 4 -> 1L << (20 + random.nextInt(43));
            default -> random.nextLong();
        };
    }

    private static long corruptInteger(Field field, byte[] bytes, SplittableRandom random) {
        long value = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> 1;
            case 3 -> 1L << random.nextInt(field.width * 8);
            default -> random.nextLong();
        };
        for (int b = 0; b < field.width; b++) {
            bytes[field.position + b] = (byte) (value >>> (8 * b));
        }
        return value;
    }

    private static Field pick(List<Field> fields, SplittableRandom random) {
        return fields.get(random.nextInt(fields.size()));
    }

    private record Mutant(byte[] bytes, String description) {
    }

    /** A field of the header to corrupt: where it is, how many bytes wide, and what it is. */
    private record Field(int position, int width, String name) {
    }

    /** Where the length fields, type tags and integers of a sound GGUF header lie. */
    private static final class GgufLayout {
        private static final int[] SCALAR_SIZE = {1, 1, 2, 2, 4, 4, 4, 1, -1, -1, 8, 8, 8};

        final List<Field> lengths = new ArrayList<>();
        final List<Field> typeTags = new ArrayList<>();
        final List<Field> integers = new ArrayList<>();
        final List<Field> tensorFields = new ArrayList<>();
        long headerEnd;

        static GgufLayout of(byte[] file) {
            GgufLayout layout = new GgufLayout();
            ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
            layout.integers.add(new Field(4, 4, "version"));
            layout.lengths.add(new Field(8, 8, "tensor count"));
            layout.lengths.add(new Field(16, 8, "metadata count"));
            long tensors = b.getLong(8);
            long entries = b.getLong(16);
            b.position(24);
            for (long i = 0; i < entries; i++) {
                String key = layout.string(b);
                layout.typeTags.add(new Field(b.position(), 4, key + " type"));
                layout.value(b, b.getInt(), key, false);
            }
            for (long i = 0; i < tensors; i++) {
                String name = layout.string(b);
                layout.tensorFields.add(new Field(b.position(), 4, name + " dimension count"));
                int dims = b.getInt();
                for (int d = 0; d < dims; d++) {
                    layout.tensorFields.add(new Field(b.position(), 8, name + " ne[" + d + "]"));
                    b.getLong();
                }
                layout.typeTags.add(new Field(b.position(), 4, name + " data type"));
                b.getInt();
                layout.tensorFields.add(new Field(b.position(), 8, name + " offset"));
                b.getLong();
            }
            layout.headerEnd = b.position();
            return layout;
        }

        private String string(ByteBuffer b) {
            lengths.add(new Field(b.position(), 8, "string length"));
            byte[] text = new byte[(int) b.getLong()];
            b.get(text);
            return new String(text, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** Skips a value; integers outside arrays (the hyper-parameters and token ids) are recorded. */
        private void value(ByteBuffer b, int type, String key, boolean inArray) {
            if (type == 8) {
                string(b);
            } else if (type == 9) {
                typeTags.add(new Field(b.position(), 4, key + " element type"));
                int element = b.getInt();
                lengths.add(new Field(b.position(), 8, key + " array length"));
                long n = b.getLong();
                for (long i = 0; i < n; i++) {
                    value(b, element, key + "[" + i + "]", true);
                }
            } else {
                if (!inArray && (type <= 5 || type == 10 || type == 11)) {
                    integers.add(new Field(b.position(), SCALAR_SIZE[type], key));
                }
                b.position(b.position() + SCALAR_SIZE[type]);
            }
        }
    }
}
