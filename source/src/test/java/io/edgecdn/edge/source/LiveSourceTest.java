package io.edgecdn.edge.source;

import io.edgecdn.testsupport.Tags;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import io.edgecdn.pull.StreamLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveSourceTest {
    static final class Collector implements SourceConsumer {
        final List<FlvTag> tags = new ArrayList<>();
        String closed;

        @Override
        public void onTag(FlvTag tag) {
            tags.add(tag);
        }

        @Override
        public void onSourceClosed(String reason) {
            closed = reason;
        }
    }

    private final LiveSource source = new LiveSource(new StreamKey("live", "x"), GopCacheLimits.DEFAULTS);

    @Test
    void subscribe_getsHeadersAndGop_thenLiveTags_withNothingMissed() {
        source.connected(new StreamLayout(true, true));
        source.publish(Tags.videoHeader(0, 1));
        source.publish(Tags.audioHeader(0));
        source.publish(Tags.frame(0, 100)); // before any keyframe: dropped
        FlvTag key = Tags.keyframe(40, 100);
        source.publish(key);
        source.publish(Tags.audio(45, 10));
        assertThat(source.ready()).isCompleted();
        Collector c = new Collector();
        List<FlvTag> start = source.subscribe(c);
        assertThat(start).extracting(FlvTag::kind).containsExactly(TagKind.VIDEO_SEQUENCE_HEADER,
                TagKind.AUDIO_SEQUENCE_HEADER, TagKind.VIDEO_KEYFRAME, TagKind.AUDIO_FRAME);
        FlvTag next = Tags.frame(73, 100);
        source.publish(next);
        assertThat(c.tags).containsExactly(next);
        source.unsubscribe(c);
        source.publish(Tags.frame(106, 100));
        assertThat(c.tags).hasSize(1);
    }

    @Test
    void publish_unchangedSequenceHeader_dropped_changedOneFannedOut() {
        Collector c = new Collector();
        source.subscribe(c);
        source.publish(Tags.videoHeader(0, 1));
        source.publish(Tags.videoHeader(500, 1)); // a reconnect resends the same header
        assertThat(c.tags).hasSize(1);
        source.publish(Tags.videoHeader(900, 2)); // resolution change upstream
        assertThat(c.tags).hasSize(2);
        assertThat(source.subscribe(new Collector())).extracting(t -> t.payloadByte(8)).containsExactly(2);
    }

    @Test
    void frameOrder_inOrderAfterEightFrames_reorderedAtTheFirstFramePresentedEarly() {
        source.connected(new StreamLayout(true, true));
        source.publish(Tags.keyframe(0, 100));
        for (int i = 1; i < LiveSource.ORDER_FRAMES - 1; i++) {
            source.publish(Tags.frame(i * 33L, 100));
        }
        assertThat(source.frameOrder()).isEqualTo(FrameOrder.UNKNOWN);
        source.publish(Tags.frame(7 * 33L, 100));
        assertThat(source.frameOrder()).isEqualTo(FrameOrder.IN_ORDER);
        // a constant CompositionTime (some encoders' PTS offset without B-frames) is still in order
        LiveSource offset = new LiveSource(new StreamKey("live", "offset"), GopCacheLimits.DEFAULTS);
        offset.connected(new StreamLayout(true, true));
        for (int i = 0; i < LiveSource.ORDER_FRAMES; i++) {
            offset.publish(Tags.video(i * 33L, 66, i == 0, 100));
        }
        assertThat(offset.frameOrder()).isEqualTo(FrameOrder.IN_ORDER);
        // decode order I P B: the B-frame (dts 66, cts 0) is presented at 66, before the P at 99
        LiveSource b = new LiveSource(new StreamKey("live", "b"), GopCacheLimits.DEFAULTS);
        b.connected(new StreamLayout(true, true));
        b.publish(Tags.video(0, 33, true, 100));
        b.publish(Tags.video(33, 66, false, 100));
        assertThat(b.frameOrder()).isEqualTo(FrameOrder.UNKNOWN);
        b.publish(Tags.video(66, 0, false, 100));
        assertThat(b.frameOrder()).isEqualTo(FrameOrder.REORDERED);
        for (int i = 3; i < 20; i++) {
            b.publish(Tags.frame(i * 33L, 100));
        }
        assertThat(b.frameOrder()).isEqualTo(FrameOrder.REORDERED);
    }

    @Test
    void disconnected_videoWaitsForNextKeyframe() {
        source.connected(new StreamLayout(true, true));
        source.publish(Tags.keyframe(0, 100));
        Collector c = new Collector();
        source.subscribe(c);
        source.disconnected();
        source.publish(Tags.frame(33, 100)); // from a new connection, mid-GOP
        source.publish(Tags.audio(40, 10));
        source.publish(Tags.keyframe(66, 100));
        assertThat(c.tags).extracting(FlvTag::kind).containsExactly(TagKind.AUDIO_FRAME, TagKind.VIDEO_KEYFRAME);
        assertThat(source.stats().droppedAwaitingKeyframe()).isEqualTo(1);
    }

    @Test
    void audioOnlyStream_readyAtFirstAudioFrame_andStartsWithRecentAudio() {
        source.connected(new StreamLayout(true, false));
        source.publish(Tags.audioHeader(0));
        assertThat(source.ready()).isNotCompleted();
        source.publish(Tags.audio(0, 10));
        source.publish(Tags.audio(21, 10));
        assertThat(source.ready()).isCompleted();
        assertThat(source.subscribe(new Collector())).extracting(FlvTag::kind)
                .containsExactly(TagKind.AUDIO_SEQUENCE_HEADER, TagKind.AUDIO_FRAME, TagKind.AUDIO_FRAME);
    }

    @Test
    void close_tellsConsumers() {
        Collector c = new Collector();
        source.subscribe(c);
        source.close("operator");
        assertThat(c.closed).isEqualTo("operator");
        assertThat(source.consumerCount()).isZero();
    }

    @Test
    void publish_consumerThatThrows_isDetached_othersKeepReceiving() {
        Collector good = new Collector();
        SourceConsumer broken = new SourceConsumer() {
            @Override
            public void onTag(FlvTag tag) {
                throw new IllegalStateException("bug in a consumer");
            }

            @Override
            public void onSourceClosed(String reason) {
            }
        };
        source.subscribe(broken);
        source.subscribe(good);
        source.publish(Tags.keyframe(0, 10));
        source.publish(Tags.frame(33, 10));
        assertThat(good.tags).hasSize(2);
        assertThat(source.consumerCount()).isEqualTo(1);
    }
}
