package io.futurnal.llm.llamacpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading CPU features from {@code /proc/cpuinfo} texts, and the native build line built from them. */
class CpuFeaturesTest {

    private static final NativeLibrary.Platform LINUX_X86_64 = new NativeLibrary.Platform("Linux", "x86_64");

    private static final String ZEN3 = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC 7B13
            flags\t\t: fpu vme sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 bmi2 sha_ni
            bugs\t\t: sysret_ss_attrs

            processor\t: 1
            flags\t\t: fpu vme sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 bmi2 sha_ni
            """;

    private static final String SAPPHIRE_RAPIDS = """
            processor\t: 0
            flags\t\t: fpu sse2 avx f16c fma avx2 avx512f avx512dq avx512bw avx512vl avx512vnni avx512_bf16 avx_vnni amx_bf16 amx_tile amx_int8
            """;

    private static final String GRAVITON = """
            processor\t: 0
            BogoMIPS\t: 243.75
            Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp sve i8mm
            CPU implementer\t: 0x41
            """;

    @Test
    void anAvx2MachineReportsItsVectorFeaturesInAFixedOrder() {
        CpuFeatures cpu = CpuFeatures.parse(ZEN3);
        assertTrue(cpu.known());
        assertEquals(List.of("avx", "avx2", "fma", "f16c"), cpu.flags());
        assertEquals("avx avx2 fma f16c", cpu.summary());
        assertFalse(cpu.beyondAvx2());
    }

    @Test
    void avx512AndAmxAreFoundAndBothSpellingsOfVnniAreOne() {
        CpuFeatures cpu = CpuFeatures.parse(SAPPHIRE_RAPIDS);
        assertEquals(List.of("avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16",
                "avx_vnni", "amx_tile", "amx_int8", "amx_bf16"), cpu.flags());
        assertTrue(cpu.beyondAvx2());
        assertTrue(CpuFeatures.parse("flags : avx2 avx512_vnni\n").flags().contains("avx512_vnni"));
    }

    @Test
    void anArmMachineReadsTheFeaturesLine() {
        CpuFeatures cpu = CpuFeatures.parse(GRAVITON);
        assertEquals(List.of("asimd", "asimddp", "sve", "i8mm"), cpu.flags());
        assertFalse(cpu.beyondAvx2());
    }

    @Test
    void withoutAFlagsLineTheFeaturesAreUnknown() {
        CpuFeatures cpu = CpuFeatures.parse("processor : 0\nmodel name : something\n");
        assertFalse(cpu.known());
        assertEquals("unknown", cpu.summary());
        assertEquals("unknown", CpuFeatures.parse("").summary());
    }

    @Test
    void theBundledBuildOnAnAvx512CpuComesWithTheHint() {
        String line = NativeBuild.bundled().report(LINUX_X86_64, CpuFeatures.parse(SAPPHIRE_RAPIDS));
        assertTrue(line.startsWith("native: bundled de.kherud 4.2.0 build (AVX2); CPU: avx avx2 fma f16c avx512f"), line);
        assertTrue(line.endsWith("; " + NativeBuild.BUILD_HINT), line);
        assertTrue(line.contains("FUTURNAL_LLAMACPP_LIBRARY") && line.contains("llama.cpp built for your CPU"), line);
    }

    @Test
    void noHintOnAnAvx2CpuOrWithACustomBuild() {
        assertEquals("native: bundled de.kherud 4.2.0 build (AVX2); CPU: avx avx2 fma f16c",
                NativeBuild.bundled().report(LINUX_X86_64, CpuFeatures.parse(ZEN3)));
        Path mine = Path.of("/opt/llama/libjllama.so");
        assertEquals("native: custom " + mine + "; CPU: avx avx2 fma f16c avx512f avx512bw avx512vl avx512_vnni avx512_bf16"
                        + " avx_vnni amx_tile amx_int8 amx_bf16",
                NativeBuild.custom(mine).report(LINUX_X86_64, CpuFeatures.parse(SAPPHIRE_RAPIDS)));
    }

    @Test
    void theInstructionSetIsNamedOnlyForTheCheckedBundledBuild() {
        assertEquals("bundled de.kherud 4.2.0 build", NativeBuild.bundled().describe(new NativeLibrary.Platform("Mac", "aarch64")));
    }

    @Test
    void thisMachinesFeaturesAreReadOnLinux() {
        CpuFeatures cpu = CpuFeatures.detect();
        if (NativeLibrary.platform().os().equals("Linux") && NativeLibrary.platform().arch().equals("x86_64")) {
            assertTrue(cpu.known(), "the flags line of /proc/cpuinfo was not found");
            assertFalse(cpu.flags().isEmpty(), cpu.summary());
        }
    }
}
