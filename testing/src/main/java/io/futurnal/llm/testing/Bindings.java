package io.futurnal.llm.testing;

import io.futurnal.llm.ConfigurationException;
import io.futurnal.llm.LlmConfig;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;

/**
 * Which client outcome belongs to which test class, and where each lives in JUnit's stores:
 * shared outcomes in the root store (closed at the end of the run), per-class ones in the class's
 * store (closed when the class ends), failures of either kind also in the root store so no later
 * class repeats the probe.
 */
final class Bindings {
    private static final Namespace SHARED = Namespace.create(LlmExtension.class, "shared");
    private static final Namespace PER_CLASS = Namespace.create(LlmExtension.class, "per-class");
    private static final Namespace FAILURES = Namespace.create(LlmExtension.class, "failures");
    private static final Namespace BINDINGS = Namespace.create(LlmExtension.class, "bindings");

    private Bindings() {
    }

    /**
     * One test class's settings and client outcome.
     *
     * @param settings    the {@link LlmTest} settings in force
     * @param outcome     the client, or why there is none
     * @param createdHere whether this class caused the outcome to be made (rather than finding it)
     */
    record Binding(LlmTestSettings settings, ClientOutcome outcome, boolean createdHere) {
    }

    /** The binding for the test class of {@code context}, made on first use. */
    static Binding of(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        Class<?> testClass = classContext.getRequiredTestClass();
        Store bindings = classContext.getStore(BINDINGS);
        Binding existing = bindings.get(testClass, Binding.class);
        if (existing != null) {
            return existing;
        }
        // settings errors are thrown here, outside the store's compute function
        LlmTestSettings settings = LlmTestSettings.forClass(testClass);
        LlmConfig base;
        try {
            base = LlmTestSettings.withTestDefaults(LlmConfig.fromEnvironment());
        } catch (ConfigurationException e) {
            ClientOutcome failed = new ClientOutcome.Failed(new ClientKey("(unreadable)", ""), true,
                    "the LLM configuration is invalid: " + e.getMessage(), e, null);
            return bindings.getOrComputeIfAbsent(testClass, k -> new Binding(settings, failed, false), Binding.class);
        }
        LlmConfig config = settings.apply(base);
        return bindings.getOrComputeIfAbsent(testClass, k -> bind(classContext, settings, config), Binding.class);
    }

    private static Binding bind(ExtensionContext classContext, LlmTestSettings settings, LlmConfig config) {
        ClientKey key = ClientKey.of(config);
        Store failures = classContext.getRoot().getStore(FAILURES);
        ClientOutcome.Failed known = failures.get(key, ClientOutcome.Failed.class);
        if (known != null) {
            return new Binding(settings, known, false);
        }
        Store home = settings.scope() == LlmScope.SHARED ? classContext.getRoot().getStore(SHARED) : classContext.getStore(PER_CLASS);
        AtomicBoolean created = new AtomicBoolean();
        ClientOutcome outcome = home.getOrComputeIfAbsent(key, k -> {
            created.set(true);
            return ClientFactory.create(k, config);
        }, ClientOutcome.class);
        if (outcome instanceof ClientOutcome.Failed failed && created.get()) {
            failures.put(key, failed);
        }
        return new Binding(settings, outcome, created.get());
    }

    /** The context of the class itself: a method context's parent, or the context when it is a class's. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() || current.getTestClass().isEmpty()) {
            current = current.getParent().orElseThrow(() -> new IllegalStateException(
                    "LlmExtension was called outside a test class: " + context.getUniqueId()));
        }
        return current;
    }
}
