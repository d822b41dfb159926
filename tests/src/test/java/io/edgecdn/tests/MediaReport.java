package io.edgecdn.tests;

import io.edgecdn.testsupport.Processes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a viewer really got, by decoding a captured file with Debian's ffmpeg and ffprobe: decoded
 * video frames, decoded audio duration (samples / rate), first and last presentation times per
 * track, packets whose DTS is not above the previous one of their track, and ffmpeg's decoder
 * errors. Not "ffprobe sees aac": every frame is decoded.
 *
 * @param videoFrames decoded video frames
 * @param audioSeconds decoded audio, seconds (sum of nb_samples / sample_rate)
 * @param audioFrameSeconds duration of the last decoded audio frame, seconds
 * @param firstVideo first video frame's presentation time, s (NaN without video)
 * @param lastVideo last video frame's presentation time, s
 * @param firstAudio first audio frame's presentation time, s (NaN without audio)
 * @param lastAudio last audio frame's presentation time, s
 * @param dtsViolations packets whose DTS did not increase within their track ("video 1.234 after 1.234")
 * @param decoderErrors what {@code ffmpeg -v error -i FILE -f null -} printed
 */
record MediaReport(int videoFrames, double audioSeconds, double audioFrameSeconds, double firstVideo, double lastVideo,
                   double firstAudio, double lastAudio, List<String> dtsViolations, String decoderErrors) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Decodes {@code file} (any container ffmpeg reads: FLV, MPEG-TS). */
    static MediaReport of(Path file) throws Exception {
        Processes.requireTool("ffprobe", "ffmpeg");
        Processes.Result decode = Processes.run(120, "ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "null", "-");
        Processes.Result frames = Processes.run(120, "ffprobe", "-v", "error", "-of", "json", "-show_entries",
                "frame=media_type,best_effort_timestamp_time,nb_samples:stream=codec_type,sample_rate", file.toString());
        Processes.Result packets = Processes.run(120, "ffprobe", "-v", "error", "-of", "json", "-show_entries",
                "packet=codec_type,dts_time", file.toString());
        int video = 0;
        double audio = 0;
        double lastAudioDur = 0;
        double fv = Double.NaN;
        double lv = Double.NaN;
        double fa = Double.NaN;
        double la = Double.NaN;
        JsonNode tree = JSON.readTree(json(frames.output()));
        double rate = 0;
        for (JsonNode st : tree.path("streams")) {
            if ("audio".equals(st.path("codec_type").asText())) {
                rate = st.path("sample_rate").asDouble();
            }
        }
        for (JsonNode f : tree.path("frames")) {
            double t = f.path("best_effort_timestamp_time").asDouble(Double.NaN);
            if ("video".equals(f.path("media_type").asText())) {
                video++;
                fv = Double.isNaN(fv) ? t : Math.min(fv, t);
                lv = Double.isNaN(lv) ? t : Math.max(lv, t);
            } else if ("audio".equals(f.path("media_type").asText())) {
                lastAudioDur = f.path("nb_samples").asDouble() / rate;
                audio += lastAudioDur;
                fa = Double.isNaN(fa) ? t : Math.min(fa, t);
                la = Double.isNaN(la) ? t : Math.max(la, t);
            }
        }
        List<String> violations = new ArrayList<>();
        double lastVideoDts = Double.NEGATIVE_INFINITY;
        double lastAudioDts = Double.NEGATIVE_INFINITY;
        for (JsonNode p : JSON.readTree(json(packets.output())).path("packets")) {
            if (!p.has("dts_time")) {
                violations.add(p.path("codec_type").asText() + " packet without DTS");
                continue;
            }
            double dts = p.path("dts_time").asDouble();
            boolean isVideo = "video".equals(p.path("codec_type").asText());
            double prev = isVideo ? lastVideoDts : lastAudioDts;
            if (dts <= prev && violations.size() < 20) {
                violations.add(p.path("codec_type").asText() + " " + dts + " after " + prev);
            }
            if (isVideo) {
                lastVideoDts = dts;
            } else {
                lastAudioDts = dts;
            }
        }
        return new MediaReport(video, audio, lastAudioDur, fv, lv, fa, la, violations, decode.output().strip());
    }

    /** ffprobe's JSON, without any stderr lines printed before it. */
    private static String json(String output) {
        int at = output.indexOf('{');
        return at < 0 ? "{}" : output.substring(at);
    }

    /** Media time the decoded video covers, s: first to last frame plus one frame interval. */
    double videoSpan(double fps) {
        return videoFrames == 0 ? 0 : lastVideo - firstVideo + 1 / fps;
    }

    /** Media time the decoded audio covers, s: first to last frame plus the last frame's duration. */
    double audioSpan() {
        return Double.isNaN(firstAudio) ? 0 : lastAudio - firstAudio + audioFrameSeconds;
    }

    /** Audio start minus video start, s (NaN unless both tracks are there). */
    double avStartOffset() {
        return firstAudio - firstVideo;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "video %d frames over %.3f-%.3f s, audio %.3f s decoded over %.3f-%.3f s, "
                + "%d DTS violations %s, decoder errors: %s", videoFrames, firstVideo, lastVideo, audioSeconds, firstAudio, lastAudio,
                dtsViolations.size(), dtsViolations, decoderErrors.isEmpty() ? "none" : decoderErrors);
    }
}
