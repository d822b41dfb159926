package io.edgecdn.transcoder;

import java.util.List;

/** Whether an FFmpeg video encoder can open on this machine (e.g. {@code h264_nvenc} needs an NVIDIA GPU). */
public final class EncoderCheck {
    private EncoderCheck() {
    }

    /**
     * Opens the encoder once at a tiny size.
     *
     * @return null when it opens, else why not
     */
    public static String problem(String encoderName) {
        try {
            new RenditionEncoder(new Rendition("check", 128, 72, 100_000, 100_000, "ultrafast", "main", 0), 128, 72, 128, 72, 30,
                    encoderName, t -> { }).close();
            return null;
        } catch (RuntimeException | LinkageError e) {
            return e.getMessage();
        }
    }

    /** The encoders tried, in order, when the configured one cannot open. */
    public static final List<String> FALLBACK = List.of("libx264");
}
