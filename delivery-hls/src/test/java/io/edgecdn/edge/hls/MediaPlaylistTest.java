package io.edgecdn.edge.hls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MediaPlaylistTest {
    private static SegmentInfo seg(long seq, long ms, boolean disc) {
        return new SegmentInfo(seq, ms, disc, Instant.parse("2026-11-21T12:00:00Z").plusSeconds(seq * 2), 1000);
    }

    @Test
    void render_listsWindowWithTagsInOrder() {
        MediaPlaylist p = new MediaPlaylist(3, 2000, "cam1/");
        p.add(seg(7, 2000, false));
        p.add(seg(8, 1960, false));
        assertThat(p.render()).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:7
                #EXT-X-PROGRAM-DATE-TIME:2026-11-21T12:00:14Z
                #EXTINF:2.000,
                cam1/7.ts
                #EXT-X-PROGRAM-DATE-TIME:2026-11-21T12:00:16Z
                #EXTINF:1.960,
                cam1/8.ts
                """);
    }

    @Test
    void add_slidesWindow_advancesMediaSequence_andCountsDiscontinuities() {
        MediaPlaylist p = new MediaPlaylist(3, 2000, "x/");
        p.add(seg(1, 2000, false));
        p.add(seg(2, 2000, true));
        p.add(seg(3, 2000, false));
        p.add(seg(4, 2000, false));
        assertThat(p.mediaSequence()).isEqualTo(2);
        assertThat(p.render()).doesNotContain("DISCONTINUITY-SEQUENCE").contains("#EXT-X-DISCONTINUITY\n");
        p.add(seg(5, 2000, false)); // the discontinuous segment 2 slides out
        assertThat(p.mediaSequence()).isEqualTo(3);
        assertThat(p.render()).contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n").doesNotContain("#EXT-X-DISCONTINUITY\n");
        assertThat(p.segments()).extracting(SegmentInfo::sequence).containsExactly(3L, 4L, 5L);
    }

    @Test
    void targetDuration_isWholeSecondsNotBelowAnySegment_andNeverDecreases() {
        MediaPlaylist p = new MediaPlaylist(2, 2000, "x/");
        p.add(seg(1, 2000, false));
        assertThat(p.targetDurationSeconds()).isEqualTo(2);
        p.add(seg(2, 3400, false));
        assertThat(p.targetDurationSeconds()).isEqualTo(4);
        p.add(seg(3, 2000, false));
        p.add(seg(4, 2000, false)); // the long segment left the window
        assertThat(p.targetDurationSeconds()).isEqualTo(4);
    }
}
