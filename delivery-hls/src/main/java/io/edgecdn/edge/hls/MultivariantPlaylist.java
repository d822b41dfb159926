package io.edgecdn.edge.hls;

import java.util.List;
import java.util.Locale;

/**
 * An HLS multivariant playlist (RFC 8216 section 4.3.4): one EXT-X-STREAM-INF per variant with
 * BANDWIDTH (bits per second, peak), RESOLUTION and CODECS (RFC 6381), then the variant's media
 * playlist URI relative to this one.
 */
public final class MultivariantPlaylist {
    /**
     * One variant.
     *
     * @param uri media playlist URI, relative (e.g. {@code cam1_480p.m3u8})
     * @param bandwidth peak bits per second, video and audio
     * @param width picture width
     * @param height picture height
     * @param codecs RFC 6381 codecs, e.g. {@code avc1.4D401F,mp4a.40.2}
     */
    public record Variant(String uri, long bandwidth, int width, int height, String codecs) {
    }

    private MultivariantPlaylist() {
    }

    /** The playlist text, variants in the given order. */
    public static String render(List<Variant> variants) {
        StringBuilder sb = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Variant v : variants) {
            sb.append(String.format(Locale.ROOT, "#EXT-X-STREAM-INF:BANDWIDTH=%d,RESOLUTION=%dx%d,CODECS=\"%s\"%n%s%n",
                    v.bandwidth(), v.width(), v.height(), v.codecs(), v.uri()));
        }
        return sb.toString().replace("\r\n", "\n");
    }

    /** RFC 6381 {@code avc1.PPCCLL} from profile_idc, constraint flags and level_idc. */
    public static String avc1(int profile, int compatibility, int level) {
        return String.format(Locale.ROOT, "avc1.%02X%02X%02X", profile, compatibility, level);
    }
}
