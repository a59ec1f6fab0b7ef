package io.futurnal.llm.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.futurnal.llm.ConfigurationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hf keys: dtype values, the context range, and the thread default by model size. */
class HfSettingsTest {

    @Test
    void threadsDefaultToOneForToysAndAllPhysicalCoresAbove() {
        HfSettings defaults = HfSettings.from(TestModels.config(Map.of()));
        assertEquals(1, defaults.threadsFor(293_000));
        assertEquals(HfSettings.physicalCores(), defaults.threadsFor(1_240_000_000L));
        assertTrue(HfSettings.physicalCores() >= 1 && HfSettings.physicalCores() <= Runtime.getRuntime().availableProcessors());
        HfSettings explicit = HfSettings.from(TestModels.config(Map.of(HfSettings.THREADS.name(), "3")));
        assertEquals(3, explicit.threadsFor(293_000));
        assertEquals(3, explicit.threadsFor(8_000_000_000L));
    }

    @Test
    void dtypeAcceptsTheFourValuesAndNamesThemOnError() {
        for (HfSettings.Dtype d : HfSettings.Dtype.values()) {
            assertEquals(d, HfSettings.from(TestModels.config(Map.of(HfSettings.DTYPE.name(), d.text().toUpperCase()))).dtype());
        }
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> HfSettings.from(TestModels.config(Map.of(HfSettings.DTYPE.name(), "int8"))));
        assertTrue(e.getMessage().contains("futurnal.hf.dtype") && e.getMessage().contains("auto, float32, bfloat16, float16"),
                e.getMessage());
        assertThrows(ConfigurationException.class, () -> HfSettings.from(TestModels.config(Map.of(HfSettings.CONTEXT.name(), "0"))));
    }
}
