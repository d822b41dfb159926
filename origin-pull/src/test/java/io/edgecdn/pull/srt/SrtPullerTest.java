package io.edgecdn.pull.srt;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.media.codec.AudioSpecificConfig;
import io.edgecdn.media.codec.AvcDecoderConfigurationRecord;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import io.edgecdn.media.time.TimestampNormalizer;
import io.edgecdn.pull.PullContext;
import io.edgecdn.pull.PullOutcome;
import io.edgecdn.pull.StreamLayout;
import io.edgecdn.pull.TagSink;
import io.edgecdn.pull.UpstreamEndpoint;
import io.edgecdn.testsupport.Ports;
import io.edgecdn.testsupport.Processes;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from Debian's ffmpeg publishing MPEG-TS as an SRT listener on loopback, through our demuxer. */
class SrtPullerTest {
    @RegisterExtension
    final Processes processes = new Processes(); // stops the ffmpeg source after each test

    @TempDir
    Path logs;

    @Test
    void pull_srtFromFfmpeg_sequenceHeadersThenKeyframe_everyAacFrame_strictTimestamps() throws Exception {
        int port = Ports.udp();
        processes.ffmpegSource(logs.resolve("ffmpeg.log"), "mpegts", "srt://127.0.0.1:" + port + "?mode=listener", "640x360");
        List<FlvTag> tags = new CopyOnWriteArrayList<>();
        List<StreamLayout> layouts = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        TagSink sink = new TagSink() {
            @Override
            public void onConnected(UpstreamEndpoint upstream, StreamLayout layout) {
                layouts.add(layout);
            }

            @Override
            public void onTag(FlvTag tag) {
                tags.add(tag);
                if (tags.stream().filter(t -> t.kind() == TagKind.VIDEO_FRAME).count() > 40) {
                    stop.set(true);
                }
            }

            @Override
            public void onDisconnected(UpstreamEndpoint upstream, PullOutcome outcome) {
            }
        };
        UpstreamEndpoint upstream = UpstreamEndpoint.of("srt://127.0.0.1:" + port + "?mode=caller");
        PullOutcome outcome = null;
        long until = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < until && !stop.get()) { // the listener may not be up yet
            outcome = new SrtPuller().pull(upstream, new PullContext(sink, stop::get, Duration.ofSeconds(3),
                    Duration.ofSeconds(3), "test/srt"), TimestampNormalizer.forMpegTs());
            if (!stop.get()) {
                Thread.sleep(200);
            }
        }
        assertThat(outcome).isNotNull();
        assertThat(outcome.reason()).as("outcome %s", outcome).isEqualTo(PullOutcome.Reason.STOPPED);
        assertThat(layouts).contains(new StreamLayout(true, true));
        FlvTag videoHeader = tags.stream().filter(t -> t.kind() == TagKind.VIDEO_SEQUENCE_HEADER).findFirst().orElseThrow();
        FlvTag audioHeader = tags.stream().filter(t -> t.kind() == TagKind.AUDIO_SEQUENCE_HEADER).findFirst().orElseThrow();
        ByteBuffer avcc = videoHeader.payload().position(5);
        assertThat(AvcDecoderConfigurationRecord.parse(avcc).videoInfo().width()).isEqualTo(640);
        assertThat(AudioSpecificConfig.parse(audioHeader.payload().position(2)).sampleRateHz()).isEqualTo(48000);
        FlvTag firstVideoFrame = tags.stream().filter(t -> t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME)
                .findFirst().orElseThrow();
        assertThat(firstVideoFrame.kind()).isEqualTo(TagKind.VIDEO_KEYFRAME);
        assertThat(tags.indexOf(videoHeader)).isLessThan(tags.indexOf(firstVideoFrame));
        long lastVideo = -1;
        long lastAudio = -1;
        long firstAudio = -1;
        int audioFrames = 0;
        for (FlvTag t : tags) {
            if (t.kind() == TagKind.VIDEO_FRAME || t.kind() == TagKind.VIDEO_KEYFRAME) {
                assertThat(t.timestampMs()).isGreaterThan(lastVideo);
                lastVideo = t.timestampMs();
            } else if (t.kind() == TagKind.AUDIO_FRAME) {
                assertThat(t.timestampMs()).isGreaterThan(lastAudio);
                firstAudio = firstAudio < 0 ? t.timestampMs() : firstAudio;
                lastAudio = t.timestampMs();
                audioFrames++;
            }
        }
        // ffmpeg's muxer puts ~8 ADTS frames in each PES: all of them arrive, 1024 samples (21.3 ms) apart
        assertThat(audioFrames).isGreaterThan(30);
        assertThat((double) (lastAudio - firstAudio)).isCloseTo((audioFrames - 1) * 1024 * 1000.0 / 48000, org.assertj.core.data.Offset.offset(2.0));
    }

    @Test
    void pull_nothingListening_failsToConnectWithinTimeout() {
        long start = System.nanoTime();
        PullOutcome o = new SrtPuller().pull(UpstreamEndpoint.of("srt://127.0.0.1:9?mode=caller"),
                new PullContext(new TagSink() {
                    public void onConnected(UpstreamEndpoint u, StreamLayout l) { }
                    public void onTag(FlvTag t) { }
                    public void onDisconnected(UpstreamEndpoint u, PullOutcome o) { }
                }, () -> false, Duration.ofSeconds(2), Duration.ofSeconds(2), "test/none"), TimestampNormalizer.forMpegTs());
        assertThat(o.reason()).isEqualTo(PullOutcome.Reason.CONNECT_FAILED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
