package dev.twice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JvmSizingTest {

    @TempDir
    Path cgroup;

    @ParameterizedTest(name = "memory.max {0} -> budget {1} MiB")
    @CsvSource({
        "max,                  256",
        "268435456,            256",
        "134217728,            128",
        "1073741824,           1024",
        "9223372036854771712,  256", // cgroup v1's "no limit"
        "'',                   256",
        "garbage,              256",
    })
    void theBudgetIsTheLimitOrTwoHundredFiftySixMebibytes(String content, long mib) throws Exception {
        Files.writeString(cgroup.resolve("memory.max"), content + "\n");
        assertEquals(mib << 20, JvmSizing.of(cgroup).budgetBytes());
    }

    @ParameterizedTest(name = "cgroup v1 limit {0}")
    @CsvSource({"134217728, 128", "9223372036854771712, 256"})
    void cgroupVersionOneIsReadWhenVersionTwoIsAbsent(String content, long mib) throws Exception {
        Files.createDirectories(cgroup.resolve("memory"));
        Files.writeString(cgroup.resolve("memory/memory.limit_in_bytes"), content);
        assertEquals(mib << 20, JvmSizing.of(cgroup).budgetBytes());
    }

    @ParameterizedTest(name = "{0} MiB")
    @CsvSource(
            delimiter = '|',
            value = {
                "256  | -Xms20m -Xmx81m -XX:MaxDirectMemorySize=20m -XX:MaxMetaspaceSize=48m -XX:ReservedCodeCacheSize=48m -Xss512k -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError",
                "128  | -Xms16m -Xmx40m -XX:MaxDirectMemorySize=10m -XX:MaxMetaspaceSize=48m -XX:ReservedCodeCacheSize=16m -XX:TieredStopAtLevel=1 -Xss512k -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError",
                "64   | -Xms16m -Xmx32m -XX:MaxDirectMemorySize=8m -XX:MaxMetaspaceSize=48m -XX:ReservedCodeCacheSize=16m -XX:TieredStopAtLevel=1 -Xss512k -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError",
                "1024 | -Xms81m -Xmx327m -XX:MaxDirectMemorySize=81m -XX:MaxMetaspaceSize=48m -XX:ReservedCodeCacheSize=48m -Xss512k -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError",
            })
    void theHeapIsAThirdStartsAtAQuarterOfThatAndOnlyCOneCompilesBelowTwoHundredFiftySix(long mib, String flags) {
        assertEquals(List.of(flags.trim().split(" ")), new JvmSizing(mib << 20).flags());
    }
}
