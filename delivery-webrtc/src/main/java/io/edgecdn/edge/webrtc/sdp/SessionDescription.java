package io.edgecdn.edge.webrtc.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An SDP offer as a WHEP client sends it (RFC 8866 syntax, RFC 8829 JSEP usage): session-level
 * attributes, then one {@link Media} per {@code m=} line with its attributes and codecs. Only
 * what answering needs is kept; unknown lines are skipped. Bounded: at most 64 KiB of text, 32
 * media sections, 256 lines each.
 *
 * @param attributes session-level {@code a=} lines ({@code name} to value, {@code ""} for a flag), first wins
 * @param media the media sections in order
 */
public record SessionDescription(Map<String, String> attributes, List<Media> media) {
    /** Longest offer read, in characters. */
    public static final int MAX_CHARS = 64 * 1024;
    static final int MAX_MEDIA = 32;
    static final int MAX_LINES_PER_MEDIA = 256;

    /**
     * One {@code m=} section.
     *
     * @param kind {@code video}, {@code audio}, {@code application}, ...
     * @param port the port of the m-line (0: rejected or bundled-only)
     * @param protocol e.g. {@code UDP/TLS/RTP/SAVPF}
     * @param formats the payload types of the m-line, in the offerer's order of preference
     * @param attributes its {@code a=} lines, first wins (see {@link #all(String)} for repeated ones)
     * @param repeated every value of the attributes that repeat ({@code rtpmap}, {@code fmtp}, {@code rtcp-fb}, {@code extmap}, {@code candidate}, {@code ssrc})
     */
    public record Media(String kind, int port, String protocol, List<String> formats, Map<String, String> attributes,
                        Map<String, List<String>> repeated) {
        /** Every value of an attribute, in order. */
        public List<String> all(String name) {
            return repeated.getOrDefault(name, List.of());
        }

        /** {@code a=mid}, or null. */
        public @Nullable String mid() {
            return attributes.get("mid");
        }

        /** The direction the offerer asks for: {@code sendrecv} (the default), {@code recvonly}, {@code sendonly} or {@code inactive}. */
        public String direction() {
            for (String d : List.of("recvonly", "sendrecv", "sendonly", "inactive")) {
                if (attributes.containsKey(d)) {
                    return d;
                }
            }
            return "sendrecv";
        }

        /** The codecs of the m-line in order of preference, from its {@code rtpmap}, {@code fmtp} and {@code rtcp-fb} lines. */
        public List<Codec> codecs() {
            Map<Integer, String[]> maps = new LinkedHashMap<>();
            for (String v : all("rtpmap")) { // "96 H264/90000" or "111 opus/48000/2"
                String[] pt = v.split(" ", 2);
                if (pt.length == 2) {
                    Integer n = payloadType(pt[0]);
                    if (n != null) {
                        maps.putIfAbsent(n, pt[1].trim().split("/"));
                    }
                }
            }
            List<Codec> out = new ArrayList<>();
            for (String f : formats) {
                Integer pt = payloadType(f);
                if (pt == null) {
                    continue;
                }
                String[] m = maps.get(pt);
                if (m == null || m.length < 2) {
                    continue;
                }
                int clock;
                try {
                    clock = Integer.parseInt(m[1]);
                } catch (NumberFormatException e) {
                    continue;
                }
                int channels = 1;
                if (m.length > 2) {
                    try {
                        channels = Integer.parseInt(m[2]);
                    } catch (NumberFormatException e) {
                        continue;
                    }
                }
                String fmtp = "";
                for (String v : all("fmtp")) {
                    if (v.startsWith(pt + " ")) {
                        fmtp = v.substring(v.indexOf(' ') + 1).trim();
                        break;
                    }
                }
                List<String> feedback = new ArrayList<>();
                for (String v : all("rtcp-fb")) {
                    if (v.startsWith(pt + " ") || v.startsWith("* ")) {
                        feedback.add(v.substring(v.indexOf(' ') + 1).trim());
                    }
                }
                out.add(new Codec(pt, m[0], clock, channels, Codec.parameters(fmtp), List.copyOf(feedback)));
            }
            return out;
        }
    }

    /**
     * One payload type of a media section.
     *
     * @param payloadType 0-127
     * @param name encoding name as written ({@code H264}, {@code opus}, {@code rtx}, ...)
     * @param clockRate RTP clock in Hz
     * @param channels audio channels (1 when not given)
     * @param parameters its {@code fmtp} parameters (keys in lower case), e.g. {@code packetization-mode=1}
     * @param feedback its {@code rtcp-fb} values, e.g. {@code nack}, {@code nack pli}, {@code ccm fir}
     */
    public record Codec(int payloadType, String name, int clockRate, int channels, Map<String, String> parameters,
                        List<String> feedback) {
        static Map<String, String> parameters(String fmtp) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String kv : fmtp.split(";")) {
                String t = kv.trim();
                if (t.isEmpty()) {
                    continue;
                }
                int eq = t.indexOf('=');
                out.putIfAbsent((eq < 0 ? t : t.substring(0, eq)).trim().toLowerCase(Locale.ROOT), eq < 0 ? "" : t.substring(eq + 1).trim());
            }
            return Map.copyOf(out);
        }
    }

    private static final List<String> REPEATED = List.of("rtpmap", "fmtp", "rtcp-fb", "extmap", "candidate", "ssrc", "ssrc-group", "group");

    /**
     * Parses an offer.
     *
     * @throws SdpException when it is too long, does not start with {@code v=0}, has a malformed
     *     {@code m=} line, or too many sections or lines
     */
    public static SessionDescription parse(String sdp) throws SdpException {
        if (sdp.length() > MAX_CHARS) {
            throw new SdpException("the offer is " + sdp.length() + " characters, more than " + MAX_CHARS);
        }
        String[] lines = sdp.split("\r?\n");
        if (lines.length == 0 || !lines[0].trim().equals("v=0")) {
            throw new SdpException("an SDP offer starts with v=0");
        }
        Map<String, String> session = new LinkedHashMap<>();
        List<Media> media = new ArrayList<>();
        String kind = null;
        int port = 0;
        String protocol = "";
        List<String> formats = List.of();
        Map<String, String> attrs = session;
        Map<String, List<String>> repeated = new LinkedHashMap<>(); // the session's are not kept
        int linesInMedia = 0;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException("line " + (i + 1) + " is not type=value: '" + printable(line) + "'");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (type == 'm') {
                if (kind != null) {
                    media.add(new Media(kind, port, protocol, formats, Map.copyOf(attrs), copy(repeated)));
                }
                if (media.size() == MAX_MEDIA) {
                    throw new SdpException("more than " + MAX_MEDIA + " media sections");
                }
                String[] f = value.trim().split(" +");
                if (f.length < 3) {
                    throw new SdpException("line " + (i + 1) + ": an m-line is 'kind port protocol formats...', got '" + printable(line) + "'");
                }
                kind = f[0];
                try {
                    int slash = f[1].indexOf('/'); // "9" or "9/2"
                    port = Integer.parseInt(slash < 0 ? f[1] : f[1].substring(0, slash));
                } catch (NumberFormatException e) {
                    throw new SdpException("line " + (i + 1) + ": the m-line's port '" + printable(f[1]) + "' is not a number");
                }
                protocol = f[2];
                formats = List.of(f).subList(3, f.length);
                attrs = new LinkedHashMap<>();
                repeated = new LinkedHashMap<>();
                linesInMedia = 0;
            } else if (type == 'a') {
                if (kind != null && ++linesInMedia > MAX_LINES_PER_MEDIA) {
                    throw new SdpException("media section " + (media.size() + 1) + " has more than " + MAX_LINES_PER_MEDIA + " lines");
                }
                int colon = value.indexOf(':');
                String name = (colon < 0 ? value : value.substring(0, colon)).toLowerCase(Locale.ROOT);
                String v = colon < 0 ? "" : value.substring(colon + 1);
                attrs.putIfAbsent(name, v);
                if (REPEATED.contains(name)) {
                    repeated.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
                }
            }
        }
        if (kind != null) {
            media.add(new Media(kind, port, protocol, formats, Map.copyOf(attrs), copy(repeated)));
        }
        return new SessionDescription(Map.copyOf(session), List.copyOf(media));
    }

    /** A session attribute, or the media section's own when it has one (ice-ufrag, ice-pwd, fingerprint, setup). */
    public @Nullable String attribute(Media m, String name) {
        String v = m.attributes().get(name);
        return v != null ? v : attributes.get(name);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Map.copyOf(out);
    }

    private static @Nullable Integer payloadType(String s) {
        try {
            int n = Integer.parseInt(s.trim());
            return n >= 0 && n <= 127 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("[\\p{Cntrl}]", "?");
    }
}
