package io.edgecdn.tests;

import io.edgecdn.testsupport.Ports;
import io.edgecdn.testsupport.Processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edge-node demo} on a machine with only a JDK: the built jar runs in a private mount
 * namespace where {@code libpulse.so.0} (which JavaCV's libavdevice links, and which only Debian's
 * ffmpeg package brings in) cannot be loaded: {@code unshare -m} with /dev/null bound over every
 * copy of it. The demo must still serve H.264 + AAC on {@code /live/demo.flv}, decodable.
 */
class FreshMachineDemoIT {
    @RegisterExtension
    final Processes processes = new Processes();
    @TempDir
    Path dir;

    /** Every libpulse.so.0 on the library path of this machine (Debian: /usr/lib/x86_64-linux-gnu). */
    private static List<Path> libpulseCopies() throws Exception {
        List<Path> found = new ArrayList<>();
        for (String d : List.of("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib", "/lib", "/usr/lib64")) {
            Path p = Path.of(d, "libpulse.so.0");
            if (Files.exists(p) && found.stream().noneMatch(f -> {
                try {
                    return Files.isSameFile(f, p);
                } catch (Exception e) {
                    return false;
                }
            })) {
                found.add(p);
            }
        }
        return found;
    }

    @Test
    void demo_withoutLibpulse_servesH264AndAac() throws Exception {
        Processes.requireTool("unshare", "util-linux");
        Processes.requireTool("ffprobe", "ffmpeg");
        Path jar = Path.of("..", "edge-node", "target", "edge-node.jar").toAbsolutePath().normalize();
        assertThat(jar).as("the built jar (mvn package)").exists();
        String java = ProcessHandle.current().info().command().orElse("java");
        int http = Ports.tcp();
        StringBuilder script = new StringBuilder("set -e; ");
        List<Path> libs = libpulseCopies();
        for (Path lib : libs) { // the namespace's own view: the library exists but cannot be loaded
            script.append("mount --bind /dev/null ").append(lib).append("; ");
        }
        // a check that the library really is unloadable in here, then the demo
        script.append("if [ -s /usr/lib/x86_64-linux-gnu/libpulse.so.0 ]; then echo 'libpulse still readable' >&2; exit 3; fi; ");
        script.append("exec '").append(java).append("' --enable-native-access=ALL-UNNAMED -Xmx256m -jar '").append(jar)
                .append("' demo --http-port ").append(http).append(" --admin-port 0");
        Path log = dir.resolve("demo.log");
        Process demo = processes.start(log, "unshare", "-m", "sh", "-c", script.toString());
        String url = "http://127.0.0.1:" + http + "/live/demo.flv";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            if (!demo.isAlive()) {
                throw new AssertionError("the demo exited with " + demo.exitValue() + ":\n" + Files.readString(log));
            }
            return Processes.run(20, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", url)
                    .output().contains("h264");
        });
        Processes.Result probe = Processes.run(30, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height,sample_rate",
                "-of", "csv=p=0", url);
        assertThat(probe.output()).as(Files.readString(log)).contains("h264,1280,720").contains("aac");
        Processes.Result decode = Processes.run(40, "ffmpeg", "-hide_banner", "-v", "error", "-i", url, "-t", "3", "-f", "null", "-");
        assertThat(decode.output()).as("decoder errors").isBlank();
        assertThat(Files.readString(log)).as("libpulse was really hidden from the demo")
                .doesNotContain("libpulse still readable").contains("edge-node demo is running");
        assertThat(libs).as("this machine has libpulse (Debian's ffmpeg brings it), so the test hid something").isNotEmpty();
    }
}
