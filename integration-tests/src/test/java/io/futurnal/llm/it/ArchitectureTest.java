package io.futurnal.llm.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.futurnal.llm.LlmConfig;
import io.futurnal.llm.spi.LlmBackendProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The layering rules of the architecture sketch, checked on the compiled classes of every module
 * on this test class path: {@code api} depends on the JDK and slf4j-api alone and names no backend;
 * no backend depends on another; {@code io.futurnal.llm.internal} serves only the modules it was
 * made for.
 */
class ArchitectureTest {

    /** The packages of the api module. */
    private static final String[] API = {"io.futurnal.llm", "io.futurnal.llm.spi", "io.futurnal.llm.internal", "io.futurnal.llm.spi.json"};

    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.futurnal.llm");

    private static final List<LlmBackendProvider> PROVIDERS =
            ServiceLoader.load(LlmBackendProvider.class).stream().map(ServiceLoader.Provider::get).toList();

    @Test
    void apiDependsOnTheJdkAndSlf4jAlone() {
        classes().that().resideInAnyPackage(API)
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowedForApi())
                .check(ALL);
    }

    @Test
    void noBackendDependsOnAnotherBackend() {
        List<String> packages = backendPackages();
        assertFalse(packages.size() < 5, "expected every shipped backend on this class path, found " + packages);
        for (String mine : packages) {
            String[] others = packages.stream().filter(p -> !p.equals(mine)).map(p -> p + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(mine + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("backends depend on api (and http-common), never on each other")
                    .check(ALL);
        }
    }

    @Test
    void theInternalPackageServesOnlyTheApiAndTheBackendsThatShareItsJsonReader() {
        classes().that().resideInAPackage("io.futurnal.llm.internal")
                .should().onlyBeAccessed().byClassesThat().resideInAnyPackage(
                        "io.futurnal.llm", "io.futurnal.llm.internal", "io.futurnal.llm.spi.json", "io.futurnal.llm.ollama", "io.futurnal.llm.openai",
                        "io.futurnal.llm.hf")
                .check(ALL);
    }

    @Test
    void apiNamesNoBackendId() throws Exception {
        Set<String> names = new TreeSet<>();
        for (LlmBackendProvider p : PROVIDERS) {
            names.add(p.id());
            names.addAll(p.aliases());
        }
        List<String> found = new ArrayList<>();
        for (ClassConstants.Constant c : ClassConstants.stringsIn(LlmConfig.class)) {
            for (String name : names) {
                if (Pattern.compile("(?i)(?<![A-Za-z0-9_.-])" + Pattern.quote(name) + "(?![A-Za-z0-9_-])").matcher(c.value()).find()) {
                    found.add(c.className() + ": \"" + c.value() + "\" names backend '" + name + "'");
                }
            }
        }
        assertEquals(List.of(), found, "api must list what the selector finds, not name backends");
    }

    private static String[] allowedForApi() {
        List<String> allowed = new ArrayList<>(List.of("java..", "org.slf4j.."));
        allowed.addAll(List.of(API));
        return allowed.toArray(String[]::new);
    }

    private static List<String> backendPackages() {
        return PROVIDERS.stream().map(p -> p.getClass().getPackageName()).distinct().sorted().toList();
    }
}
