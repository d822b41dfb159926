package io.edgecdn.edge.demo;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open2;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import io.edgecdn.pull.ffmpeg.FfmpegErrors;
import io.edgecdn.pull.ffmpeg.FfmpegRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A synthetic live origin for the demo: a {@link TestPattern} ({@code testsrc2} with a wall-clock
 * overlay when a TrueType font such as DejaVu is installed, and a 440 Hz sine) encoded in real time
 * by {@link DemoEncoder} (libx264, 2 s GOP, 2.5 Mbps; AAC 48 kHz mono, 96 kbps), muxed as MPEG-TS
 * by FFmpeg's muxer and served as an SRT listener on 127.0.0.1 through FFmpeg's libsrt protocol.
 * It needs nothing outside the JDK and the bundled FFmpeg: no libavdevice, no libpulse.
 *
 * <p>One caller at a time (an SRT listener in FFmpeg accepts one); when the caller leaves, the
 * origin listens again with fresh encoders. {@link #start()} first makes one picture and one sound
 * frame and opens both encoders, so an origin that cannot work here fails at once with the reason.
 * Runs on its own daemon thread; {@link #close()} stops it (a waiting listener within ~100 ms).
 */
public final class DemoOrigin implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoOrigin.class);
    private static final int SAMPLE_RATE = 48_000;

    /** TrueType fonts looked for, in order, for the clock overlay (JavaCV's FFmpeg has no fontconfig). */
    private static final List<String> FONTS = List.of(
            "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf",
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
            "/usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf",
            "/usr/share/fonts/truetype/freefont/FreeMonoBold.ttf",
            "/usr/share/fonts/dejavu/DejaVuSans.ttf");

    private final int port;
    private final int width;
    private final int height;
    private final int fps;
    private volatile boolean running = true;
    private final Thread thread;
    private String font;

    /**
     * @param port SRT listener port on 127.0.0.1
     * @param width picture width in pixels (even)
     * @param height picture height in pixels (even)
     * @param fps frames per second
     */
    public DemoOrigin(int port, int width, int height, int fps) {
        this.port = port;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.thread = Thread.ofPlatform().name("demo-origin").daemon(true).unstarted(this::run);
    }

    /**
     * Checks that the pattern and encoders work here, then starts listening.
     *
     * @throws IllegalStateException with the reason when the origin cannot produce its stream
     */
    public DemoOrigin start() {
        FfmpegRuntime.init();
        font = FONTS.stream().filter(f -> Files.isReadable(Path.of(f))).findFirst().orElse(null);
        AVFrame frame = av_frame_alloc();
        try {
            TestPattern video;
            try {
                video = TestPattern.video(width, height, fps, font);
            } catch (IllegalStateException e) {
                if (font == null) {
                    throw e;
                }
                log.info("demo origin: no clock overlay ({}); plain testsrc2", e.getMessage());
                font = null;
                video = TestPattern.video(width, height, fps, null);
            }
            try (TestPattern v = video; TestPattern a = TestPattern.audio(SAMPLE_RATE, 1024);
                 DemoEncoder ve = DemoEncoder.h264(width, height, fps, 2_500_000); DemoEncoder ae = DemoEncoder.aac(SAMPLE_RATE, 96_000)) {
                v.next(frame);
                a.next(frame);
                if (ae.frameSize() != 1024) {
                    throw new IllegalStateException("the AAC encoder takes " + ae.frameSize() + " samples per frame, not 1024");
                }
            }
        } finally {
            av_frame_free(frame);
        }
        if (font == null) {
            log.info("demo origin: no TrueType font found ({}): no clock overlay", FONTS.get(0));
        }
        thread.start();
        return this;
    }

    /** The SRT URL an edge pulls from (caller mode). */
    public String callerUrl() {
        return "srt://127.0.0.1:" + port + "?mode=caller";
    }

    private void run() {
        while (running) {
            try {
                serveOneConnection();
            } catch (RuntimeException e) {
                if (running) {
                    log.info("demo origin: connection ended ({}); listening again on SRT port {}", e.getMessage(), port);
                }
            }
        }
    }

    /** Waits for one caller and streams to it until it leaves (an exception) or the origin closes. */
    private void serveOneConnection() {
        String url = "srt://127.0.0.1:" + port + "?mode=listener&latency=120000";
        AVIOInterruptCB.Callback_Pointer stop = new AVIOInterruptCB.Callback_Pointer() {
            @Override
            public int call(Pointer opaque) {
                return running ? 0 : 1;
            }
        };
        AVIOInterruptCB interrupt = new AVIOInterruptCB();
        interrupt.callback(stop);
        AVFormatContext oc = new AVFormatContext(null);
        AVFrame frame = av_frame_alloc();
        try (TestPattern video = TestPattern.video(width, height, fps, font); TestPattern audio = TestPattern.audio(SAMPLE_RATE, 1024);
             DemoEncoder ve = DemoEncoder.h264(width, height, fps, 2_500_000); DemoEncoder ae = DemoEncoder.aac(SAMPLE_RATE, 96_000)) {
            check(avformat_alloc_output_context2(oc, null, "mpegts", null), "mpegts muxer");
            AVStream vs = avformat_new_stream(oc, null);
            avcodec_parameters_from_context(vs.codecpar(), ve.ctx);
            vs.time_base(ve.ctx.time_base());
            AVStream as = avformat_new_stream(oc, null);
            avcodec_parameters_from_context(as.codecpar(), ae.ctx);
            as.time_base(ae.ctx.time_base());
            log.info("demo origin: listening on {} ({}x{} {} fps H.264 + AAC)", url, width, height, fps);
            AVIOContext pb = new AVIOContext(null);
            check(avio_open2(pb, url, AVIO_FLAG_WRITE, interrupt, (AVDictionary) null), "SRT listener"); // waits for a caller
            oc.pb(pb);
            check(avformat_write_header(oc, (AVDictionary) null), "MPEG-TS header");
            log.info("demo origin: an edge connected; streaming");
            long start = System.nanoTime();
            long videoPts = 0;
            long audioPts = 0;
            while (running) {
                double vt = videoPts / (double) fps;
                double at = audioPts / (double) SAMPLE_RATE;
                double t = Math.min(vt, at);
                long wait = start + (long) (t * 1e9) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (vt <= at) {
                    video.next(frame);
                    frame.pts(videoPts++);
                    ve.encode(frame, p -> write(oc, p, ve, vs));
                } else {
                    audio.next(frame);
                    frame.pts(audioPts);
                    audioPts += frame.nb_samples();
                    ae.encode(frame, p -> write(oc, p, ae, as));
                }
            }
            av_write_trailer(oc);
        } finally {
            av_frame_free(frame);
            if (!oc.isNull()) {
                if (oc.pb() != null && !oc.pb().isNull()) {
                    avio_closep(oc.pb());
                }
                avformat_free_context(oc);
            }
            stop.close();
            interrupt.close();
        }
    }

    private static void write(AVFormatContext oc, AVPacket p, DemoEncoder enc, AVStream st) {
        p.stream_index(st.index());
        av_packet_rescale_ts(p, enc.ctx.time_base(), st.time_base());
        int ret = av_interleaved_write_frame(oc, p);
        if (ret < 0) {
            throw new IllegalStateException("the caller left (" + FfmpegErrors.text(ret) + ")");
        }
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException(what + ": " + FfmpegErrors.text(ret));
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
