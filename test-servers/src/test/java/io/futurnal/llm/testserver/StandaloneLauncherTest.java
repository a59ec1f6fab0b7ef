package io.futurnal.llm.testserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StandaloneLauncherTest {

    @Test
    void durationsTakeTheConfigurationsFormsInEitherCase() {
        assertEquals(Duration.ofMillis(500), StandaloneLauncher.duration("500ms"));
        assertEquals(Duration.ofMinutes(5), StandaloneLauncher.duration("5M"));
        assertEquals(Duration.ofMillis(1500), StandaloneLauncher.duration(" 1.5 "));
        assertEquals(Duration.ofHours(1), StandaloneLauncher.duration("PT1H"));
        assertEquals(Duration.ZERO, StandaloneLauncher.duration("0"));
    }

    @Test
    void negativeOrUnreadableDurationsAreRejectedWithTheForms() {
        for (String bad : new String[] {"-5s", "PT-1S", "soon", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StandaloneLauncher.duration(bad));
            assertEquals("'" + bad + "' is not a duration such as 500ms, 30s, 5m or PT1H", e.getMessage());
        }
    }
}
