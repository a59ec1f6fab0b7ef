package io.futurnal.llm.bench.suite;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.futurnal.llm.GenerationResult;
import io.futurnal.llm.LlmClient;
import io.futurnal.llm.bench.SuiteWorkload;
import io.futurnal.llm.testing.InjectLlm;
import io.futurnal.llm.testing.LlmScope;
import io.futurnal.llm.testing.LlmTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The test classes of the suite scenario: real JUnit 5 classes using the testing module's
 * {@link LlmTest}, as a project's own suite would. Each class asks for a client and runs one small
 * generation. The {@code Shared} classes share one client for the whole run; the {@code PerClass}
 * classes each get their own. They are run by {@link JUnitSuiteRunner}, never by a build's
 * test phase (they live in main code, where surefire does not look).
 */
final class SuiteSamples {
    /** How many sample classes there are of each kind: the most {@code --suite-classes} allows. */
    static final int MAX_CLASSES = io.futurnal.llm.bench.SuiteRunner.MAX_CLASSES;

    private SuiteSamples() {
    }

    /** The first {@code n} classes of one kind. */
    static List<Class<?>> classes(boolean shared, int n) {
        if (n < 1 || n > MAX_CLASSES) {
            throw new IllegalArgumentException("the suite scenario has 1 to " + MAX_CLASSES + " classes; got " + n);
        }
        return (shared ? SHARED : PER_CLASS).subList(0, n);
    }

    /** One test: the client continues the prompt with some text. */
    abstract static class StoryTest {
        @InjectLlm
        LlmClient llm;

        @Test
        void continuesTheStory() {
            GenerationResult result = llm.generate(SuiteWorkload.prompt(), SuiteWorkload.options());
            SuiteWorkload.record(result);
            assertFalse(result.text().isBlank(), "the model produced no text");
        }
    }

    /** A class sharing the run's one client, as {@code @LlmTest} does by default. */
    @LlmTest(scope = LlmScope.SHARED)
    abstract static class SharedStoryTest extends StoryTest {
    }

    /** A class with its own client, loaded when the class starts and closed when it ends. */
    @LlmTest(scope = LlmScope.PER_CLASS)
    abstract static class PerClassStoryTest extends StoryTest {
    }

    static final class Shared01 extends SharedStoryTest {
    }

    static final class Shared02 extends SharedStoryTest {
    }

    static final class Shared03 extends SharedStoryTest {
    }

    static final class Shared04 extends SharedStoryTest {
    }

    static final class Shared05 extends SharedStoryTest {
    }

    static final class Shared06 extends SharedStoryTest {
    }

    static final class Shared07 extends SharedStoryTest {
    }

    static final class Shared08 extends SharedStoryTest {
    }

    static final class Shared09 extends SharedStoryTest {
    }

    static final class Shared10 extends SharedStoryTest {
    }

    static final class PerClass01 extends PerClassStoryTest {
    }

    static final class PerClass02 extends PerClassStoryTest {
    }

    static final class PerClass03 extends PerClassStoryTest {
    }

    static final class PerClass04 extends PerClassStoryTest {
    }

    static final class PerClass05 extends PerClassStoryTest {
    }

    static final class PerClass06 extends PerClassStoryTest {
    }

    static final class PerClass07 extends PerClassStoryTest {
    }

    static final class PerClass08 extends PerClassStoryTest {
    }

    static final class PerClass09 extends PerClassStoryTest {
    }

    static final class PerClass10 extends PerClassStoryTest {
    }

    private static final List<Class<?>> SHARED = List.of(Shared01.class, Shared02.class, Shared03.class, Shared04.class,
            Shared05.class, Shared06.class, Shared07.class, Shared08.class, Shared09.class, Shared10.class);
    private static final List<Class<?>> PER_CLASS = List.of(PerClass01.class, PerClass02.class, PerClass03.class,
            PerClass04.class, PerClass05.class, PerClass06.class, PerClass07.class, PerClass08.class, PerClass09.class,
            PerClass10.class);
}
