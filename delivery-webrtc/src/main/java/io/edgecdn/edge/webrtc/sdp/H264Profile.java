package io.edgecdn.edge.webrtc.sdp;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An H.264 profile as SDP names it: {@code profile-level-id} (RFC 6184 section 8.1) is three bytes
 * in hex, profile_idc, the constraint flags (profile-iop) and level_idc, as in the SPS. Constrained
 * Baseline is signalled three ways; {@link #family()} normalizes them.
 *
 * @param profileIdc profile_idc, e.g. 66 (Baseline), 77 (Main), 100 (High)
 * @param constraints the constraint_set flags byte (constraint_set0 in the top bit)
 * @param levelIdc level_idc, e.g. 31 for level 3.1
 */
public record H264Profile(int profileIdc, int constraints, int levelIdc) {
    /** The profile families a browser's decoder offers, smallest first. */
    public enum Family {
        CONSTRAINED_BASELINE, BASELINE, MAIN, EXTENDED, HIGH, HIGH_10, HIGH_422, HIGH_444, OTHER;

        /** One of the High profiles (High, High 10, High 4:2:2, High 4:4:4 Predictive). */
        public boolean isHigh() {
            return this == HIGH || this == HIGH_10 || this == HIGH_422 || this == HIGH_444;
        }
    }

    /**
     * Parses a {@code profile-level-id} value, e.g. {@code 42e01f}.
     *
     * @return null when it is not six hex digits
     */
    public static @Nullable H264Profile parse(String profileLevelId) {
        String s = profileLevelId.trim();
        if (s.length() != 6) {
            return null;
        }
        try {
            int v = Integer.parseInt(s, 16);
            return new H264Profile(v >> 16, (v >> 8) & 0xFF, v & 0xFF);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The profile family (RFC 6184 table 5, with the Constrained Baseline forms of Main and Extended). */
    public Family family() {
        return switch (profileIdc) {
            case 66 -> (constraints & 0x40) != 0 ? Family.CONSTRAINED_BASELINE : Family.BASELINE;
            case 77 -> (constraints & 0x80) != 0 ? Family.CONSTRAINED_BASELINE : Family.MAIN;
            case 88 -> (constraints & 0xC0) == 0xC0 ? Family.CONSTRAINED_BASELINE : Family.EXTENDED;
            case 100 -> Family.HIGH;
            case 110 -> Family.HIGH_10;
            case 122 -> Family.HIGH_422;
            case 244 -> Family.HIGH_444;
            default -> Family.OTHER;
        };
    }

    /**
     * Whether a decoder of {@code decoder}'s family decodes a stream of this profile: each family
     * decodes itself, Constrained Baseline is inside Baseline, Main and the High profiles, Main
     * inside the High profiles, and each High profile inside the next (High, High 10, High 4:2:2,
     * High 4:4:4 Predictive; ITU-T H.264 A.2.4-A.2.7). Debian's Chromium, for one, offers High
     * 4:4:4 Predictive ({@code f4001f}) and not High: a High stream is answered on that.
     */
    public boolean decodableBy(H264Profile decoder) {
        Family mine = family();
        Family theirs = decoder.family();
        if (mine == theirs) {
            return mine != Family.OTHER || profileIdc == decoder.profileIdc;
        }
        return switch (mine) {
            case CONSTRAINED_BASELINE -> theirs == Family.BASELINE || theirs == Family.MAIN || theirs.isHigh();
            case MAIN -> theirs.isHigh();
            case HIGH, HIGH_10, HIGH_422 -> theirs.isHigh() && theirs.ordinal() > mine.ordinal();
            default -> false;
        };
    }

    /** The six hex digits of {@code profile-level-id}. */
    public String profileLevelId() {
        return String.format(Locale.ROOT, "%02x%02x%02x", profileIdc, constraints, levelIdc);
    }
}
