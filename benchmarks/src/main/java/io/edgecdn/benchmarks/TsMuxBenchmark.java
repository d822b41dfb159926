package io.edgecdn.benchmarks;

import io.edgecdn.media.flv.FlvReader;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import io.edgecdn.media.ts.ByteSink;
import io.edgecdn.media.ts.FlvToTs;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of segmenting one stream into MPEG-TS: our {@link FlvToTs} against FFmpeg's mpegts muxer,
 * both turning the same FLV tags (file in {@code -Dedge.bench.flv}, e.g. 10 s of 720p30 H.264 at
 * 2.4 Mbps + AAC) into 2 s segments. Score: ms of one core per run over the whole file; divided by
 * the file's duration it is the share of a core one segmented stream costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TsMuxBenchmark {
    private List<FlvTag> tags;
    private FlvTag videoHeader;
    private FlvTag audioHeader;
    private FfmpegTsSegmentMuxer ffmpeg;

    @Setup
    public void load() throws Exception {
        String path = System.getProperty("edge.bench.flv", "target/bench/src-2500k.flv");
        List<FlvTag> all = new ArrayList<>();
        try (InputStream in = new FileInputStream(path)) {
            new FlvReader(all::add).readAll(in);
        }
        tags = new ArrayList<>();
        for (FlvTag t : all) {
            if (t.kind() == TagKind.VIDEO_SEQUENCE_HEADER) {
                videoHeader = t;
            } else if (t.kind() == TagKind.AUDIO_SEQUENCE_HEADER) {
                audioHeader = t;
            } else if (t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME || t.kind() == TagKind.AUDIO_FRAME) {
                tags.add(t);
            }
        }
        byte[] avcc = new byte[videoHeader.payloadSize() - 5];
        videoHeader.payload().position(5).get(avcc);
        byte[] asc = new byte[audioHeader.payloadSize() - 2];
        audioHeader.payload().position(2).get(asc);
        ffmpeg = new FfmpegTsSegmentMuxer(avcc, asc);
    }

    @TearDown
    public void close() {
        ffmpeg.close();
    }

    /** Our muxer: 2 s segments cut at keyframes; returns the bytes written. */
    @Benchmark
    public long ownMuxer() {
        FlvToTs ts = new FlvToTs(true, false, true);
        ts.config(videoHeader);
        ts.config(audioHeader);
        ByteSink seg = null;
        long total = 0;
        long start = -1;
        for (FlvTag t : tags) {
            if (t.isKeyframe() && (seg == null || t.timestampMs() - start >= 2000)) {
                if (seg != null) {
                    ts.flushAudio(seg);
                    total += seg.toByteArray().length;
                }
                seg = new ByteSink(1 << 20);
                ts.writePsi(seg);
                start = t.timestampMs();
            }
            if (seg != null) {
                ts.media(t, seg);
            }
        }
        ts.flushAudio(seg);
        return total + seg.toByteArray().length;
    }

    /** FFmpeg's mpegts muxer, one context per 2 s segment; returns the bytes written. */
    @Benchmark
    public long ffmpegMuxer() {
        long total = 0;
        long start = -1;
        boolean open = false;
        for (FlvTag t : tags) {
            if (t.isKeyframe() && (!open || t.timestampMs() - start >= 2000)) {
                if (open) {
                    total += ffmpeg.endSegment();
                }
                ffmpeg.startSegment();
                open = true;
                start = t.timestampMs();
            }
            if (open) {
                ffmpeg.write(t);
            }
        }
        return total + ffmpeg.endSegment();
    }
}
