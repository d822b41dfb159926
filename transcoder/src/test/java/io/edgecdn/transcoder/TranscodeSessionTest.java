package io.edgecdn.transcoder;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecdn.media.codec.AvcDecoderConfigurationRecord;
import io.edgecdn.media.codec.VideoInfo;
import io.edgecdn.media.flv.FlvReader;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Transcodes a 3 s 640x360 clip written by Debian's ffmpeg (x264 with B-frames, keyframes forced at
 * 0, 0.7, 1.9 and 2.5 s) with real libavcodec and libx264.
 */
class TranscodeSessionTest {
    private static List<FlvTag> source() throws Exception {
        List<FlvTag> tags = new ArrayList<>();
        try (var in = TranscodeSessionTest.class.getResourceAsStream("/source-360p-irregular-gop.flv")) {
            new FlvReader(tags::add).readAll(in);
        }
        return tags;
    }

    @Test
    void ladder_keyframesAlignWithSource_sizesKeepAspect_andLargerRungsAreSkipped() throws Exception {
        List<FlvTag> src = source();
        Map<String, List<FlvTag>> out = new ConcurrentHashMap<>();
        List<String> skipped = new CopyOnWriteArrayList<>();
        List<Rendition> ladder = List.of(
                new Rendition("480p", 0, 480, 1_200_000, 1_500_000, "ultrafast", "main", 0), // above the source
                new Rendition("360p", 0, 360, 700_000, 875_000, "ultrafast", "main", 0), // equal: skipped too
                new Rendition("240p", 0, 240, 300_000, 375_000, "ultrafast", "main", 0),
                new Rendition("180p", 0, 180, 200_000, 250_000, "ultrafast", "baseline", 32_000)); // AAC re-encoded at 32 kbps
        TranscodeSession session = new TranscodeSession("live/test", ladder, "libx264", new RenditionSink() {
            @Override
            public void onTag(String name, FlvTag tag) {
                out.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(tag);
            }

            @Override
            public void onSkipped(String name, String why) {
                skipped.add(name);
            }
        }).start();
        long videoFrames = src.stream().filter(t -> t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME).count();
        for (FlvTag t : src) {
            session.offer(t);
        }
        // the decoder may hold the last few frames; then the encoders get a moment to hand out theirs
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> session.framesDecoded() >= videoFrames - 3);
        Thread.sleep(300);
        session.close();

        assertThat(skipped).containsExactlyInAnyOrder("480p", "360p");
        List<Long> sourceKeys = src.stream().filter(FlvTag::isKeyframe).map(FlvTag::presentationTimeMs).toList();
        assertThat(sourceKeys).containsExactly(67L, 767L, 1967L, 2567L);
        for (String name : List.of("240p", "180p")) {
            List<FlvTag> tags = out.get(name);
            assertThat(tags).as(name).isNotNull();
            FlvTag header = tags.stream().filter(t -> t.kind() == TagKind.VIDEO_SEQUENCE_HEADER).findFirst().orElseThrow();
            VideoInfo info = AvcDecoderConfigurationRecord.parse(header.payload().position(5)).videoInfo();
            assertThat(info.height()).isEqualTo(name.equals("240p") ? 240 : 180);
            assertThat(info.width()).isEqualTo(name.equals("240p") ? 426 : 320); // 16:9 kept, even
            List<Long> keys = tags.stream().filter(FlvTag::isKeyframe).map(FlvTag::presentationTimeMs).toList();
            assertThat(keys).as("%s keyframes at the source's keyframe presentation times", name).isEqualTo(sourceKeys);
            long frames = tags.stream().filter(t -> t.kind() == TagKind.VIDEO_FRAME || t.kind() == TagKind.VIDEO_KEYFRAME).count();
            assertThat(frames).isGreaterThanOrEqualTo(videoFrames - 3);
            assertThat(tags.stream().filter(t -> t.kind() == TagKind.AUDIO_FRAME).count()).isPositive(); // AAC passed through
        }
        assertThat(info(out.get("180p")).profile()).isEqualTo(66); // baseline
        // 240p passes the source's AAC through (the same tag objects); 180p gets AAC re-encoded at 32 kbps
        List<FlvTag> srcAudio = src.stream().filter(t -> t.kind() == TagKind.AUDIO_FRAME).toList();
        List<FlvTag> audio240 = out.get("240p").stream().filter(t -> t.kind() == TagKind.AUDIO_FRAME).toList();
        List<FlvTag> audio180 = out.get("180p").stream().filter(t -> t.kind() == TagKind.AUDIO_FRAME).toList();
        assertThat(audio240.get(0)).isSameAs(srcAudio.get(0));
        assertThat(out.get("180p")).anyMatch(t -> t.kind() == TagKind.AUDIO_SEQUENCE_HEADER);
        assertThat(audio180.size()).isBetween(srcAudio.size() - 5, srcAudio.size());
        long srcBytes = srcAudio.stream().mapToLong(FlvTag::payloadSize).sum();
        long reBytes = audio180.stream().mapToLong(FlvTag::payloadSize).sum();
        double seconds = srcAudio.size() * 1024.0 / 48000;
        assertThat(reBytes * 8 / seconds).as("re-encoded AAC bitrate").isBetween(20_000.0, 45_000.0);
        assertThat(reBytes).isLessThan(srcBytes); // the source is 64 kbps
    }

    @Test
    void want_addsASourceSizeRenditionWithoutBFramesMidStream_andUnwantStopsIt() throws Exception {
        List<FlvTag> src = source(); // x264 with B-frames
        List<FlvTag> video = src.stream().filter(t -> t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME).toList();
        Map<String, List<FlvTag>> out = new ConcurrentHashMap<>();
        TranscodeSession session = new TranscodeSession("live/test",
                List.of(new Rendition("240p", 0, 240, 300_000, 375_000, "ultrafast", "main", 0)), "libx264",
                (name, tag) -> out.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(tag)).start();
        Rendition full = new Rendition("webrtc", 0, 0, 800_000, 1_000_000, "ultrafast", "baseline", 0);
        assertThatThrownBy(() -> session.want(new Rendition("240p", 0, 0, 800_000, 1_000_000, "ultrafast", "baseline", 0)))
                .hasMessageContaining("rendition 240p is in the ladder");
        int third = src.indexOf(video.get(video.size() / 3)); // a frame that is not a keyframe
        int twoThirds = src.indexOf(video.get(2 * video.size() / 3));
        assertThat(src.get(third).isKeyframe()).isFalse();
        offer(session, src.subList(0, third), video.size() / 3 - 3);
        session.want(full);
        offer(session, src.subList(third, twoThirds), 2 * video.size() / 3 - 3);
        assertThat(session.activeRenditions()).contains("webrtc 640x360");
        session.unwant("webrtc");
        offer(session, src.subList(twoThirds, src.size()), video.size() - 3);
        assertThat(session.activeRenditions()).containsExactly("240p 426x240");
        session.close();

        List<FlvTag> tags = out.get("webrtc");
        assertThat(info(tags).width()).isEqualTo(640);
        assertThat(info(tags).height()).isEqualTo(360);
        assertThat(info(tags).profile()).isEqualTo(66);
        List<FlvTag> frames = tags.stream().filter(t -> t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME).toList();
        assertThat(frames.get(0).isKeyframe()).as("the first frame of a rendition started mid-GOP is an IDR").isTrue();
        assertThat(frames.get(0).presentationTimeMs()).isGreaterThanOrEqualTo(src.get(third).timestampMs() - 100);
        assertThat(frames.size()).as("frames encoded between want and unwant").isBetween(video.size() / 3 - 6, video.size() / 3 + 6);
        for (int i = 1; i < frames.size(); i++) {
            assertThat(frames.get(i).presentationTimeMs()).as("frame %d presented after the one decoded before it", i)
                    .isGreaterThan(frames.get(i - 1).presentationTimeMs());
        }
        assertThat(tags).anyMatch(t -> t.kind() == TagKind.AUDIO_FRAME); // the source's AAC
        // the ladder's rung went on undisturbed: every source frame, keyframes where the source has them
        List<FlvTag> low = out.get("240p").stream().filter(t -> t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME).toList();
        assertThat(low.size()).isGreaterThanOrEqualTo(video.size() - 3);
        assertThat(low.stream().filter(FlvTag::isKeyframe).count()).isEqualTo(4);
    }

    @Test
    void wantLadder_rungsStartAtTheNextSourceKeyframe_andStopWhenNotWanted() throws Exception {
        List<FlvTag> src = source();
        List<FlvTag> video = src.stream().filter(t -> t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME).toList();
        Map<String, List<FlvTag>> out = new ConcurrentHashMap<>();
        TranscodeSession session = new TranscodeSession("live/test",
                List.of(new Rendition("240p", 0, 240, 300_000, 375_000, "ultrafast", "main", 0)), "libx264",
                (name, tag) -> out.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(tag));
        session.wantLadder(false);
        session.start();
        session.want(new Rendition("webrtc", 0, 0, 800_000, 1_000_000, "ultrafast", "baseline", 0));
        int third = src.indexOf(video.get(video.size() / 3));
        offer(session, src.subList(0, third), video.size() / 3 - 3);
        assertThat(session.activeRenditions()).containsExactly("webrtc 640x360");
        session.wantLadder(true);
        offer(session, src.subList(third, src.size()), video.size() - 3);
        session.close();
        List<Long> sourceKeys = src.stream().filter(FlvTag::isKeyframe).map(FlvTag::presentationTimeMs).toList(); // 67, 767, 1967, 2567
        List<FlvTag> low = out.get("240p").stream().filter(t -> t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME).toList();
        long wantedAt = src.get(third).timestampMs();
        long firstKeyAfter = sourceKeys.stream().filter(k -> k >= wantedAt).findFirst().orElseThrow();
        assertThat(low.get(0).presentationTimeMs()).as("the ladder starts at the first source keyframe after it was wanted")
                .isEqualTo(firstKeyAfter);
        assertThat(low.stream().filter(FlvTag::isKeyframe).map(FlvTag::presentationTimeMs).toList())
                .isEqualTo(sourceKeys.stream().filter(k -> k >= firstKeyAfter).toList());
        assertThat(out.get("webrtc").stream().filter(FlvTag::isKeyframe).count()).isGreaterThanOrEqualTo(4);
    }

    private static void offer(TranscodeSession session, List<FlvTag> tags, long decodedAtLeast) {
        for (FlvTag t : tags) {
            session.offer(t);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> session.framesDecoded() >= decodedAtLeast);
    }

    private static VideoInfo info(List<FlvTag> tags) {
        FlvTag header = tags.stream().filter(t -> t.kind() == TagKind.VIDEO_SEQUENCE_HEADER).findFirst().orElseThrow();
        return AvcDecoderConfigurationRecord.parse(header.payload().position(5)).videoInfo();
    }

    @Test
    void badLadder_isRejectedNamingTheField() {
        assertThatThrownBy(() -> new TranscodeSession("live/x", List.of(new Rendition("480p", 0, 481, 1_200_000, 1_500_000,
                "veryfast", "main", 0)), "libx264", (n, t) -> { }))
                .hasMessageContaining("ladder[0].height 481");
        assertThatThrownBy(() -> Rendition.validate(List.of(Rendition.DEFAULT_LADDER.get(0),
                new Rendition("480p", 0, 360, 700_000, 875_000, "veryfast", "main", 0)), "transcode.ladder"))
                .hasMessageContaining("transcode.ladder[1].name '480p' is used twice");
        assertThatThrownBy(() -> new Rendition("240p", 0, 240, 300_000, 200_000, "veryfast", "main", 0).validate("r"))
                .hasMessageContaining("r.maxrate 200000 must not be below the bitrate");
        assertThatThrownBy(() -> new Rendition("240p", 0, 240, 300_000, 375_000, "warp", "main", 0).validate("r"))
                .hasMessageContaining("r.preset 'warp'");
    }

    @Test
    void frameRate_fromDecodeTimestampSpacing_snapsToStandardRates() {
        assertThat(SourceDecoder.frameRate(33.4)).isEqualTo(30);   // 29.97 fps: 33 and 34 ms
        assertThat(SourceDecoder.frameRate(16.5)).isEqualTo(60);   // 59.94/60 fps: 16 and 17 ms
        assertThat(SourceDecoder.frameRate(17)).isEqualTo(60);
        assertThat(SourceDecoder.frameRate(40)).isEqualTo(25);
        assertThat(SourceDecoder.frameRate(41.7)).isEqualTo(24);
        assertThat(SourceDecoder.frameRate(66.7)).isEqualTo(15);
        assertThat(SourceDecoder.frameRate(70)).isEqualTo(14);     // no standard rate near: rounded
        assertThat(SourceDecoder.frameRate(0)).isEqualTo(120);     // clamped
    }

    @Test
    void sizeFor_heightZeroIsTheSourceSize_evenOnly() {
        Rendition r = new Rendition("webrtc", 0, 0, 800_000, 1_000_000, "veryfast", "baseline", 0);
        r.validate("r");
        assertThat(r.sizeFor(1920, 1080)).containsExactly(1920, 1080);
        assertThat(r.sizeFor(1281, 721)).containsExactly(1280, 720);
        assertThatThrownBy(() -> new Rendition("x", 640, 0, 800_000, 1_000_000, "veryfast", "main", 0).validate("r"))
                .hasMessageContaining("r.height 0 (the source's size) needs width 0");
    }

    @Test
    void sizeFor_keepsAspectAndNeverUpscales() {
        Rendition r = Rendition.DEFAULT_LADDER.get(0); // 480p
        assertThat(r.sizeFor(1920, 1080)).containsExactly(854, 480);
        assertThat(r.sizeFor(1280, 720)).containsExactly(854, 480);
        assertThat(r.sizeFor(640, 480)).isNull();
        assertThat(r.sizeFor(480, 360)).isNull();
        assertThat(r.withBitrate(600_000).maxRate()).isEqualTo(750_000);
    }
}
