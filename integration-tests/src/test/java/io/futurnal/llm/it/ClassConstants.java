package io.futurnal.llm.it;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the string constants of every class file in the jar or directory a class was loaded from. */
final class ClassConstants {

    /** One string literal of a class. */
    record Constant(String className, String value) {
    }

    private ClassConstants() {
    }

    static List<Constant> stringsIn(Class<?> anyClassOfTheModule) throws Exception {
        Path location = Path.of(anyClassOfTheModule.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            return read(location);
        }
        try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + location.toUri()), Map.of())) {
            return read(jar.getPath("/"));
        }
    }

    private static List<Constant> read(Path root) throws IOException {
        List<Constant> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    String name = root.relativize(file).toString();
                    for (String s : strings(new DataInputStream(in))) {
                        all.add(new Constant(name, s));
                    }
                }
            }
        }
        return all;
    }

    /** The CONSTANT_String entries of a class file's constant pool (JVMS 4.4). */
    private static List<String> strings(DataInputStream in) throws IOException {
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> stringRefs = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 8 -> stringRefs.add(in.readUnsignedShort());
                case 7, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        List<String> out = new ArrayList<>();
        stringRefs.forEach(r -> out.add(utf8[r]));
        return out;
    }
}
