package io.futurnal.llm.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The small parsers: /proc files, worker arguments, number formats. */
class ParsingTest {

    @Test
    void peakRssIsReadFromTheVmHwmLineInKibibytes() {
        String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 100000 kB\n";
        assertEquals(123456L * 1024, PeakRss.parse(status).orElseThrow());
        assertTrue(PeakRss.parse("Name:\tjava\n").isEmpty());
    }

    @Test
    void cpuModelIsTheFirstModelNameLine() {
        String cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\nprocessor\t: 1\nmodel name\t: AMD EPYC 7B13\n";
        assertEquals("AMD EPYC 7B13", MachineInfo.parseCpuModel(cpuinfo).orElseThrow());
        assertTrue(MachineInfo.parseCpuModel("processor : 0\n").isEmpty());
    }

    @Test
    void workerRequestsSurviveTheirCommandLine() {
        WorkerRequest request = new WorkerRequest("hf", "stories260k", "Once upon a time", 64, 1, 5);
        assertEquals(request, WorkerRequest.parse(request.toArgs().toArray(String[]::new)));
        WorkerRequest noModel = new WorkerRequest("llamacpp", null, "a b", 2, 0, 1);
        assertEquals(noModel, WorkerRequest.parse(noModel.toArgs().toArray(String[]::new)));
        assertEquals(1 + 3 * 6, request.steps()); // cold load, then warm loads, free and JSON generations
    }

    @Test
    void malformedWorkerArgumentsAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerRequest.parse(new String[] {"--backend", "hf", "--prompt", "p", "--max-tokens", "x", "--warmup", "0", "--runs", "1"}));
        assertTrue(e.getMessage().contains("--max-tokens"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WorkerRequest.parse(new String[] {"--backend"}));
    }

    @Test
    void numbersKeepAboutThreeSignificantDigits() {
        assertEquals("1235", Numbers.format(1234.6));
        assertEquals("12.3", Numbers.format(12.345));
        assertEquals("1.23", Numbers.format(1.2345));
        assertEquals("n/a", Numbers.format(Double.NaN));
        assertEquals("4.20x", Numbers.ratio(4.2));
        assertEquals("12.5x", Numbers.ratio(12.5));
        assertEquals("412 (398-430)", Numbers.withSpread(new Stats(3, 412, 398, 430, 405, 421)));
        assertEquals("stories260K.gguf", Numbers.shortModel("/home/u/.cache/futurnal-llm/stories260K.gguf"));
        assertEquals("stories260K-hf", Numbers.shortModel("/cache/stories260K-hf/"));
        assertEquals("llama3.1:8b", Numbers.shortModel("llama3.1:8b"));
    }

    @Test
    void childJvmsGetTheBackendSettingsButNotUnrelatedProperties() {
        System.setProperty("futurnal.llm.test.marker", "yes");
        System.setProperty("unrelated.marker", "no");
        try {
            List<String> options = ChildJvm.jvmOptions();
            assertTrue(options.contains("-Dfuturnal.llm.test.marker=yes"), options.toString());
            assertTrue(options.stream().noneMatch(o -> o.contains("unrelated.marker")), options.toString());
        } finally {
            System.clearProperty("futurnal.llm.test.marker");
            System.clearProperty("unrelated.marker");
        }
    }
}
