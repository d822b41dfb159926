package io.edgecdn.tests;

import io.edgecdn.testsupport.Processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgecdn.edge.EdgeNode;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An RTMP origin (nginx-rtmp) with streams published by ffmpeg; the edge pulls them over RTMP. */
class RtmpPullIT {
    @RegisterExtension
    final Processes processes = new Processes();
    @RegisterExtension
    final Nodes nodes = new Nodes();
    @TempDir
    Path dir;

    @Test
    void rtmpUpstream_servesH264AndAac_keyframeFirst() throws Exception {
        int rtmp = NginxRtmp.start(processes, dir);
        processes.ffmpegSource(dir.resolve("pub-a.log"), "flv", "rtmp://127.0.0.1:" + rtmp + "/live/a");
        processes.ffmpegSource(dir.resolve("pub-b.log"), "flv", "rtmp://127.0.0.1:" + rtmp + "/live/b");
        EdgeNode edge = nodes.start(Nodes.config("live/*", "rtmp://127.0.0.1:" + rtmp + "/{app}/{stream}"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() ->
                Processes.run(30, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0",
                        edge.baseUrl() + "/live/a.flv").output().contains("h264,1280,720"));
        Processes.Result probe = Processes.run(30, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height",
                "-of", "csv=p=0", edge.baseUrl() + "/live/b.flv");
        assertThat(probe.output()).contains("h264,1280,720").contains("aac");
        try (FlvClient viewer = new FlvClient(edge.baseUrl() + "/live/a.flv")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> viewer.videoFrames() > 30 && viewer.count(TagKind.AUDIO_FRAME) > 10);
            FlvTag firstVideo = viewer.tags().stream()
                    .filter(t -> t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME).findFirst().orElseThrow();
            assertThat(firstVideo.kind()).isEqualTo(TagKind.VIDEO_KEYFRAME);
        }
        Processes.Result decode = Processes.run(40, "ffmpeg", "-hide_banner", "-v", "error", "-i", edge.baseUrl() + "/live/b.flv",
                "-t", "4", "-f", "null", "-");
        assertThat(decode.output()).as("decode errors").isBlank();
    }

    @Test
    void copyPublishedStream_videoAfterTheProbe_isStillAnnouncedAsAudioAndVideo() throws Exception {
        // a file relayed with -c copy often reaches the puller audio first: its video must not be
        // taken for missing (the stream would be served as audio-only, and HLS cut without video)
        Path file = dir.resolve("src.flv");
        Processes.Result made = Processes.run(60, "ffmpeg", "-hide_banner", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "6", "-c:v", "libx264", "-preset", "ultrafast",
                "-g", "60", "-c:a", "aac", "-f", "flv", file.toString());
        assertThat(made.exit()).as(made.output()).isZero();
        int rtmp = NginxRtmp.startWithStat(processes, dir, false).rtmp(); // wait_video off: audio may come first
        processes.start(dir.resolve("pub.log"), "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-re", "-stream_loop", "-1",
                "-i", file.toString(), "-c", "copy", "-f", "flv", "rtmp://127.0.0.1:" + rtmp + "/live/copy");
        Thread.sleep(1500);
        for (int round = 0; round < 3; round++) {
            EdgeNode edge = nodes.start(Nodes.config("live/*", "rtmp://127.0.0.1:" + rtmp + "/{app}/{stream}"));
            try (FlvClient viewer = new FlvClient(edge.baseUrl() + "/live/copy.flv")) {
                await().atMost(Duration.ofSeconds(15)).until(() -> viewer.videoFrames() > 10);
                assertThat(viewer.header().hasVideo()).as("FLV header of round %d", round).isTrue();
                assertThat(viewer.header().hasAudio()).isTrue();
                var source = edge.streams().source(new io.edgecdn.edge.source.StreamKey("live", "copy"));
                assertThat(source.layout()).isEqualTo(new io.edgecdn.pull.StreamLayout(true, true));
            }
            edge.close();
        }
    }
}
