package io.futurnal.llm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.futurnal.llm.ConfigKey;
import io.futurnal.llm.CoreKeys;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.spi.LlmBackendProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration tables against the declared keys: the core keys ({@link CoreKeys})
 * and, per provider on the class path, its {@code configKeys()}. A provider that declares none yet
 * is not checked. On a mismatch the message prints the rows as they should read.
 */
class ConfigurationDocsTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void theCoreTableListsExactlyTheCoreKeys() throws Exception {
        List<String> expected = CoreKeys.all().stream().map(ConfigurationDocsTest::coreRow).toList();
        // the core table's rows start with the variable; the backend table's with the backend id
        List<String> documented = rows().stream().filter(r -> r.size() == 4 && r.get(0).startsWith("`"))
                .map(ConfigurationDocsTest::normalise).toList();
        assertEquals(expected, documented.stream().map(d -> matchDoc(d, expected)).toList(),
                "README core table; it should read:\n" + String.join("\n", expected));
    }

    @Test
    void theBackendTableListsExactlyEachProvidersDeclaredKeys() throws Exception {
        Map<String, List<ConfigKey<?>>> declared = new LinkedHashMap<>();
        for (LlmBackendProvider p : ServiceLoader.load(LlmBackendProvider.class)) {
            if (!p.configKeys().isEmpty()) {
                declared.put(p.id(), p.configKeys());
            }
        }
        for (Map.Entry<String, List<ConfigKey<?>>> e : declared.entrySet()) {
            String id = e.getKey();
            List<String> expected = e.getValue().stream().map(ConfigurationDocsTest::backendCells).sorted().toList();
            List<String> documented = rows().stream()
                    .filter(r -> r.size() == 4 && Arrays.stream(r.get(0).split(",")).map(String::trim).anyMatch(id::equals))
                    .map(r -> matchDoc(normalise(r.subList(1, 4)), expected)).sorted().toList();
            assertEquals(expected, documented, "README rows for backend '" + id + "'; they should read:\n"
                    + e.getValue().stream().map(k -> "| " + id + " | " + backendCells(k)).collect(Collectors.joining("\n")));
        }
    }

    private static String coreRow(ConfigKey<?> k) {
        return "`" + k.environmentName() + "` | `" + k.name() + "` | " + shownDefault(k) + " | " + k.documentation();
    }

    private static String backendCells(ConfigKey<?> k) {
        String names = k.names().stream().map(n -> "`" + LlmConfig.environmentName(n) + "`").collect(Collectors.joining(", else "));
        return names + " | " + shownDefault(k) + " | " + k.documentation();
    }

    /** A default as the README writes it: code for values, plain words for descriptions, a dash for none. */
    private static String shownDefault(ConfigKey<?> k) {
        String text = k.defaultText();
        return text.isEmpty() ? "—" : text;
    }

    /** The cells with backticks and property hints in parentheses taken out of the names and defaults. */
    private static String normalise(List<String> cells) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (i == cells.size() - 2) {
                c = c.replace("`", "");
            }
            if (i == 0 && cells.size() == 3) {
                c = c.replaceAll(" \\(`[a-z.]+`\\)", "");
            }
            out.add(c);
        }
        return String.join(" | ", out);
    }

    /** The README may add a remark after the declared documentation, e.g. "(see below)". */
    private static String matchDoc(String documented, List<String> expected) {
        for (String e : expected) {
            String head = e.substring(0, e.lastIndexOf(" | ") + 3);
            String doc = e.substring(e.lastIndexOf(" | ") + 3);
            if (documented.startsWith(head) && documented.substring(head.length()).startsWith(doc)) {
                return e;
            }
        }
        return documented;
    }

    /** The cells of every table row of the README's Configuration section. */
    private static List<List<String>> rows() throws Exception {
        String text = Files.readString(README, StandardCharsets.UTF_8);
        int start = text.indexOf("\n## Configuration");
        int end = text.indexOf("\n## ", start + 5);
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.substring(start, end).split("\n")) {
            if (line.startsWith("| ") && !line.startsWith("|---")) {
                String inner = line.substring(2, line.length() - 2);
                rows.add(Arrays.stream(inner.split(" \\| ")).map(String::trim).toList());
            }
        }
        return rows;
    }
}
