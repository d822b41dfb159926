package io.edgecdn.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts real tools (ffmpeg, ffprobe, nginx) and kills whatever is still
 * running after each test. A missing tool fails the test loudly with the package to install.
 */
public final class Processes implements AfterEachCallback {
    private final List<Process> running = new ArrayList<>();

    public static void requireTool(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        if (Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/usr/bin", tool))) {
            return;
        }
        throw new AssertionError(tool + " is not installed: this end-to-end test needs it. Run bin/test (it installs it) or: apt-get install -y " + debianPackage);
    }

    /** Starts a process with its output in {@code log} (appended). */
    public synchronized Process start(Path log, String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        running.add(p);
        return p;
    }

    /** An ffmpeg publishing a live 1280x720 30 fps H.264 + AAC test stream (GOP 1 s) to {@code output} in {@code format}. */
    public Process ffmpegSource(Path log, String format, String output) throws IOException {
        return ffmpegSource(log, format, output, "1280x720");
    }

    /** The same with another picture size, e.g. {@code 640x480}. */
    public Process ffmpegSource(Path log, String format, String output, String size) throws IOException {
        requireTool("ffmpeg", "ffmpeg");
        return start(log, "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-b:v", "1500k",
                "-c:a", "aac", "-b:a", "64k", "-f", format, output);
    }

    /** An ffmpeg SRT listener on 127.0.0.1:port publishing the test stream as MPEG-TS. */
    public Process srtSource(Path log, int port) throws IOException {
        return ffmpegSource(log, "mpegts", "srt://127.0.0.1:" + port + "?mode=listener");
    }

    /**
     * The same SRT listener with each AAC frame in a PES packet of its own ({@code
     * -pes_payload_size 0}), as low-latency encoders send it: FFmpeg's default gathers up to 2930
     * bytes of AAC into one PES, which reaches a browser as a burst that its audio jitter buffer
     * (and the video it keeps in sync) must wait for.
     */
    public Process lowLatencySrtSource(Path log, int port) throws IOException {
        requireTool("ffmpeg", "ffmpeg");
        return start(log, "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-b:v", "1500k",
                "-c:a", "aac", "-b:a", "64k", "-pes_payload_size", "0", "-f", "mpegts", "srt://127.0.0.1:" + port + "?mode=listener");
    }

    /**
     * An SRT listener publishing H.264 High profile (x264 {@code veryfast}, as OBS sends by default:
     * CABAC, 8x8 transforms) with {@code bFrames} B-frames (0 for none), 720p30, 2 s GOPs, AAC.
     */
    public Process highProfileSrtSource(Path log, int port, int bFrames) throws IOException {
        requireTool("ffmpeg", "ffmpeg");
        return start(log, "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-bf", Integer.toString(bFrames), "-g", "60",
                "-b:v", "1500k", "-c:a", "aac", "-b:a", "64k", "-pes_payload_size", "0",
                "-f", "mpegts", "srt://127.0.0.1:" + port + "?mode=listener");
    }

    /**
     * An SRT listener publishing H.265 (libx265 {@code ultrafast}, Main profile, 2 B-frames),
     * 640x360 at 30 fps, 2 s GOPs, AAC, as MPEG-TS.
     */
    public Process hevcSrtSource(Path log, int port) throws IOException {
        requireTool("ffmpeg", "ffmpeg");
        return start(log, "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-re",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "keyint=60:min-keyint=60:bframes=2:log-level=warning",
                "-b:v", "800k", "-c:a", "aac", "-b:a", "64k", "-pes_payload_size", "0",
                "-f", "mpegts", "srt://127.0.0.1:" + port + "?mode=listener");
    }

    /** Runs a command to completion (bounded) and returns its stdout+stderr. */
    public static Result run(long timeoutSeconds, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), new String(out));
    }

    public record Result(int exit, String output) {
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        for (Process p : running) {
            p.destroy();
        }
        for (Process p : running) {
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }
}
