package io.edgecdn.edge.demo;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import io.edgecdn.pull.ffmpeg.FfmpegRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A synthetic live origin for the demo: FFmpeg's lavfi {@code testsrc2} (with a wall-clock
 * overlay when a TrueType font such as DejaVu is installed) and a 440 Hz sine, encoded in real time
 * with libx264 ({@code veryfast}, {@code zerolatency}, 2 s GOP) and AAC, muxed as MPEG-TS and served
 * as an SRT listener on 127.0.0.1. One caller at a time (an SRT listener in FFmpeg accepts one);
 * when the caller leaves, the origin listens again and restarts its encoder on the next connection.
 *
 * <p>Runs on its own daemon thread; {@link #close()} stops it after the current connection.
 */
public final class DemoOrigin implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoOrigin.class);

    private final int port;
    private final int width;
    private final int height;
    private final int fps;
    private volatile boolean running = true;
    private final Thread thread;

    /**
     * @param port SRT listener port on 127.0.0.1
     * @param width picture width in pixels
     * @param height picture height in pixels
     * @param fps frames per second
     */
    public DemoOrigin(int port, int width, int height, int fps) {
        this.port = port;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.thread = Thread.ofPlatform().name("demo-origin").daemon(true).unstarted(this::run);
    }

    /** Starts listening. */
    public DemoOrigin start() {
        FfmpegRuntime.init();
        thread.start();
        return this;
    }

    /** The SRT URL an edge pulls from (caller mode). */
    public String callerUrl() {
        return "srt://127.0.0.1:" + port + "?mode=caller";
    }

    /** TrueType fonts looked for, in order, for the clock overlay (JavaCV's FFmpeg has no fontconfig). */
    private static final List<String> FONTS = List.of(
            "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf",
            "/usr/share/fonts/truetype/freefont/FreeMonoBold.ttf",
            "/usr/share/fonts/dejavu/DejaVuSans.ttf");

    private static String font() {
        return FONTS.stream().filter(f -> Files.isReadable(Path.of(f))).findFirst().orElse(null);
    }

    private void run() {
        String font = font();
        boolean overlay = font != null;
        if (!overlay) {
            log.info("demo origin: no TrueType font found ({}): no clock overlay", FONTS.get(0));
        }
        while (running) {
            try {
                serveOneConnection(overlay ? font : null);
            } catch (FFmpegFrameGrabber.Exception e) {
                if (overlay) {
                    log.info("demo origin: no clock overlay ({}); using plain testsrc2", e.getMessage());
                    overlay = false;
                } else {
                    log.error("demo origin: cannot open the lavfi source", e);
                    return;
                }
            } catch (Exception e) {
                if (running) {
                    log.info("demo origin: connection ended ({}); listening again on SRT port {}", e.getMessage(), port);
                }
            }
        }
    }

    /** Serves one edge connection; {@code font} is the overlay's font file, or null for no overlay. */
    private void serveOneConnection(String font) throws Exception {
        String video = "testsrc2=size=" + width + "x" + height + ":rate=" + fps
                + (font != null ? ",drawtext=fontfile=" + font + ":text='%{localtime\\:%T}':fontsize=" + (height / 10)
                        + ":fontcolor=white:box=1:boxcolor=black@0.6:x=20:y=h-th-20" : "");
        String graph = video + "[out0];sine=frequency=440:sample_rate=48000[out1]";
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(graph)) {
            grabber.setFormat("lavfi");
            grabber.setPixelFormat(AV_PIX_FMT_YUV420P);
            grabber.start();
            String url = "srt://127.0.0.1:" + port + "?mode=listener";
            try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(url, width, height, 1)) {
                recorder.setFormat("mpegts");
                recorder.setVideoCodec(AV_CODEC_ID_H264);
                recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
                recorder.setFrameRate(fps);
                recorder.setGopSize(fps * 2);
                recorder.setVideoBitrate(2_500_000);
                recorder.setVideoOption("preset", "veryfast");
                recorder.setVideoOption("tune", "zerolatency");
                recorder.setAudioCodec(AV_CODEC_ID_AAC);
                recorder.setSampleRate(48000);
                recorder.setAudioChannels(1);
                recorder.setAudioBitrate(96_000);
                log.info("demo origin: listening on {} ({}x{} {} fps, H.264 + AAC)", url, width, height, fps);
                recorder.start(); // blocks until an edge connects
                log.info("demo origin: an edge connected; streaming");
                long startNanos = System.nanoTime();
                Frame frame;
                while (running && (frame = grabber.grab()) != null) {
                    long dueNanos = startNanos + frame.timestamp * 1000;
                    long wait = dueNanos - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    if (frame.image != null) {
                        recorder.record(frame, AV_PIX_FMT_YUV420P);
                    } else if (frame.samples != null) {
                        recorder.record(frame);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
