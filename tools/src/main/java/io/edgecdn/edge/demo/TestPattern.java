package io.edgecdn.edge.demo;

import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_frame;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_time_base;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_set_frame_size;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_get_by_name;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_alloc;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_config;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_create_filter;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_free;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_parse_ptr;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_inout_alloc;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_inout_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_strdup;

import io.edgecdn.pull.ffmpeg.FfmpegErrors;
import org.bytedeco.ffmpeg.avfilter.AVFilterContext;
import org.bytedeco.ffmpeg.avfilter.AVFilterGraph;
import org.bytedeco.ffmpeg.avfilter.AVFilterInOut;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * A synthetic picture or sound made by a libavfilter source graph, with no input device: for
 * video {@code testsrc2} (optionally with a wall-clock {@code drawtext} overlay) in YUV 4:2:0, for
 * audio a 440 Hz {@code sine} in planar float, cut into frames of a fixed number of samples (what
 * an AAC encoder takes). libavfilter loads on any machine with a JDK: unlike libavdevice (FFmpeg's
 * {@code lavfi} input device, which JavaCV's grabber uses), it needs no system library such as
 * libpulse.
 *
 * <p>Frames come out as fast as they are asked for; the caller paces them. Timestamps count from 0
 * in the sink's time base ({@link #seconds(long)} converts). Not thread-safe.
 */
final class TestPattern implements AutoCloseable {
    private final AVFilterGraph graph;
    private final AVFilterContext sink;
    private int timeBaseNum;
    private int timeBaseDen;

    private TestPattern(String description, boolean audio, int frameSamples) {
        graph = avfilter_graph_alloc();
        AVFilterContext s = new AVFilterContext(null);
        int ret = avfilter_graph_create_filter(s, avfilter_get_by_name(audio ? "abuffersink" : "buffersink"), "out", null, null, graph);
        if (ret < 0) {
            avfilter_graph_free(graph);
            throw new IllegalStateException("libavfilter has no " + (audio ? "abuffersink" : "buffersink") + ": " + FfmpegErrors.text(ret));
        }
        sink = s;
        AVFilterInOut in = avfilter_inout_alloc(); // the sink's input, which the graph's last output links to
        // avfilter_inout_free frees the name with av_free: it must come from FFmpeg's allocator
        try (BytePointer name = new BytePointer("out")) {
            in.name(av_strdup(name)).filter_ctx(sink).pad_idx(0).next(null);
        }
        ret = avfilter_graph_parse_ptr(graph, description, in, new AVFilterInOut(null), null);
        avfilter_inout_free(in);
        if (ret >= 0) {
            ret = avfilter_graph_config(graph, null);
        }
        if (ret < 0) {
            avfilter_graph_free(graph);
            throw new IllegalStateException("filter graph '" + description + "' failed: " + FfmpegErrors.text(ret));
        }
        if (audio) {
            av_buffersink_set_frame_size(sink, frameSamples);
        }
        org.bytedeco.ffmpeg.avutil.AVRational tb = av_buffersink_get_time_base(sink);
        timeBaseNum = tb.num();
        timeBaseDen = tb.den();
    }

    /**
     * A video pattern.
     *
     * @param font a TrueType font file for the clock overlay, or null for none
     * @throws IllegalStateException naming the failing filter (for example {@code drawtext} without a usable font)
     */
    static TestPattern video(int width, int height, int fps, String font) {
        String d = "testsrc2=size=" + width + "x" + height + ":rate=" + fps
                + (font != null ? ",drawtext=fontfile=" + font + ":text='%{localtime\\:%T}':fontsize=" + Math.max(12, height / 10)
                        + ":fontcolor=white:box=1:boxcolor=black@0.6:x=20:y=h-th-20" : "")
                + ",format=yuv420p";
        return new TestPattern(d, false, 0);
    }

    /** A 440 Hz mono sine at {@code sampleRate}, in frames of {@code frameSamples} samples, planar float. */
    static TestPattern audio(int sampleRate, int frameSamples) {
        return new TestPattern("sine=frequency=440:sample_rate=" + sampleRate
                + ",aformat=sample_fmts=fltp:channel_layouts=mono", true, frameSamples);
    }

    /** A frame timestamp in seconds. */
    double seconds(long pts) {
        return pts * (double) timeBaseNum / timeBaseDen;
    }

    /**
     * The next frame into {@code frame} (unreferenced first).
     *
     * @throws IllegalStateException when the graph fails
     */
    void next(AVFrame frame) {
        av_frame_unref(frame);
        int ret = av_buffersink_get_frame(sink, frame);
        if (ret < 0) {
            throw new IllegalStateException("test pattern ended: " + FfmpegErrors.text(ret));
        }
    }

    @Override
    public void close() {
        avfilter_graph_free(graph);
    }
}
