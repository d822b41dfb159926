package io.edgecdn.transcoder;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_clone;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One transcode session per source stream: decodes the source's video once (libavcodec, raw
 * YUV 4:2:0 frames, no colour conversion), and for every rendition smaller than the source scales
 * and encodes it ({@link RenditionEncoder}), forcing an IDR on exactly the frames where the source
 * has a keyframe, so all renditions' GOP boundaries coincide in presentation time with the source's.
 * The source's AAC is passed through to every rendition.
 *
 * <p>Threading: {@link #offer} is called by the source's publishing thread and never blocks: tags
 * wait in a bounded queue ({@value #QUEUE_TAGS} tags, {@value #QUEUE_BYTES} bytes, {@value #QUEUE_MS} ms of
 * media, whichever comes first); when it is full, video is dropped up to the
 * next source keyframe (counted) and the renditions continue from there. All FFmpeg work happens
 * on the session's own thread. The encoders open at the first source keyframe, once two frames
 * have given the frame rate (x264's rate control needs it); a change of the source's picture size
 * reopens them at the next keyframe. Bitrate changes ({@link #setBitrate}) apply at the next source
 * keyframe, without disconnecting anyone. One progress line per {@value #PROGRESS_SECONDS} s: fps,
 * speed (x real time), lag behind the source.
 */
public final class TranscodeSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TranscodeSession.class);
    /** Bound of the input queue, tags (about 4 s of 30 fps video with audio). */
    public static final int QUEUE_TAGS = 300;
    /** Bound of the input queue, payload bytes (a 4K source's 300 tags could otherwise hold ~60 MB). */
    public static final long QUEUE_BYTES = 32L << 20;
    /** Bound of the input queue, ms of media between its oldest and newest tag. */
    public static final long QUEUE_MS = 5_000;
    static final int PROGRESS_SECONDS = 10;

    static {
        // FFmpeg's own stderr logging (x264 banners, per-encoder stats) is off: the session logs
        // progress and failures itself, as the pullers do
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL);
    }

    private final String streamKey;
    private final List<Rendition> ladder;
    private final java.util.Set<String> ladderNames;
    private final String encoderName;
    private final RenditionSink sink;
    private final SourceQueue queue = new SourceQueue(QUEUE_TAGS, QUEUE_BYTES, QUEUE_MS);
    private final Map<String, Long> bitrateChanges = new ConcurrentHashMap<>();
    /** Renditions asked for besides the ladder ({@link #want}), by name; read by the session thread. */
    private final Map<String, Rendition> extras = new ConcurrentHashMap<>();
    private volatile boolean ladderWanted = true;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long latestSourceMs = -1;
    private volatile long latestEncodedMs = -1;

    /** Made by the session thread when it starts (FFmpeg's buffers are then freed by it too). */
    private volatile SourceDecoder decoder;

    // session thread only
    private final List<RenditionEncoder> encoders = new ArrayList<>();
    private boolean encodersOpen;
    /** Renditions not produced at the current source size (too large, or their encoder would not open). */
    private final java.util.Set<String> skippedHere = new java.util.HashSet<>();
    private int sourceWidth;
    private int sourceHeight;
    private int fps;
    private AVFrame heldKeyframe;
    private final AudioRouting audio;
    private long heldPts;
    private final ProgressWindow progress = new ProgressWindow(PROGRESS_SECONDS);

    /**
     * @param streamKey the source stream, for logs
     * @param ladder the renditions wanted; those not smaller than the source are skipped
     * @param encoderName {@code libx264} (or {@code h264_nvenc})
     */
    public TranscodeSession(String streamKey, List<Rendition> ladder, String encoderName, RenditionSink sink) {
        Rendition.validate(ladder, "ladder");
        this.streamKey = streamKey;
        this.ladder = List.copyOf(ladder);
        this.ladderNames = ladder.stream().map(Rendition::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.encoderName = encoderName;
        this.sink = sink;
        this.audio = new AudioRouting(streamKey, this.ladder, extras.values(), sink);
        this.thread = Thread.ofPlatform().name("transcode-" + streamKey).daemon(true).unstarted(this::run);
    }

    public TranscodeSession start() {
        thread.start();
        return this;
    }

    /** Queues a source tag; never blocks (see class doc for what happens when the queue is full). */
    public void offer(FlvTag tag) {
        TagKind k = tag.kind();
        if (k == TagKind.VIDEO_KEYFRAME || k == TagKind.VIDEO_SEQUENCE_HEADER) {
            latestSourceMs = tag.timestampMs();
        }
        queue.offer(tag);
    }

    /**
     * Adds a rendition besides the ladder, e.g. one at the source's size without B-frames for
     * WebRTC viewers: its encoder opens at the next decoded source picture (its first frame is an
     * IDR; from then on its keyframes are the source's like every rung's), and its audio is the
     * source's AAC. A second call with the same name is ignored.
     *
     * @throws IllegalArgumentException when the rendition is invalid or its name is a ladder rung's
     */
    public void want(Rendition r) {
        r.validate("rendition " + r.name());
        if (ladderNames.contains(r.name())) {
            throw new IllegalArgumentException("rendition " + r.name() + " is in the ladder of " + streamKey);
        }
        extras.putIfAbsent(r.name(), r);
    }

    /**
     * Whether the ladder's rungs are encoded (initially yes): they start at the next source
     * keyframe and stop at the next picture. A session whose only viewers play a {@link #want}ed
     * rendition need not encode the ladder.
     */
    public void wantLadder(boolean wanted) {
        ladderWanted = wanted;
    }

    /** Stops a rendition added by {@link #want} (at the next decoded source picture); no-op for others. */
    public void unwant(String name) {
        extras.remove(name);
    }

    /**
     * Changes one rendition's video bitrate from the next source keyframe on.
     *
     * @throws IllegalArgumentException when the ladder has no such rendition or the bitrate is out of range
     */
    public void setBitrate(String rendition, long bps) {
        Rendition r = java.util.stream.Stream.concat(ladder.stream(), extras.values().stream())
                .filter(x -> x.name().equals(rendition)).findFirst().orElseThrow(() -> new IllegalArgumentException("no rendition " + rendition + " in the ladder of " + streamKey));
        r.withBitrate(bps).validate("rendition " + rendition);
        bitrateChanges.put(rendition, bps);
    }

    /** Renditions being produced now (those smaller than the source), with their sizes. */
    public synchronized List<String> activeRenditions() {
        return encoders.stream().map(e -> e.rendition.name() + " " + e.width + "x" + e.height).toList();
    }

    /** Video tags dropped because the session fell behind. */
    public long droppedTags() {
        return queue.dropped();
    }

    /** How far (ms of media) the newest encoded frame is behind the newest source video tag. */
    public long lagMs() {
        return latestEncodedMs < 0 || latestSourceMs < 0 ? 0 : Math.max(0, latestSourceMs - latestEncodedMs);
    }

    /** Source pictures decoded so far. */
    public long framesDecoded() {
        SourceDecoder d = decoder;
        return d == null ? 0 : d.framesDecoded();
    }

    private void run() {
        MDC.put("stream", streamKey);
        decoder = new SourceDecoder(streamKey);
        try {
            while (running) {
                FlvTag tag = queue.poll(100);
                if (tag != null) {
                    handle(tag);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("transcode session of {} failed; its renditions stop", streamKey, e);
        } finally {
            closeEncoders();
            decoder.close();
            audio.close();
            if (heldKeyframe != null) {
                av_frame_free(heldKeyframe);
            }
            MDC.clear();
        }
    }

    private void handle(FlvTag tag) {
        switch (tag.kind()) {
            case VIDEO_SEQUENCE_HEADER -> decoder.configure(tag);
            case AUDIO_SEQUENCE_HEADER -> audio.header(tag);
            case AUDIO_FRAME -> audio.frame(tag);
            case VIDEO_KEYFRAME, VIDEO_FRAME -> decoder.decode(tag, this::onPicture);
            default -> { }
        }
    }

    private void onPicture(AVFrame pic, long pts, boolean key) {
        if (pic.format() != AV_PIX_FMT_YUV420P) {
            throw new IllegalStateException("source pixel format " + pic.format() + " is not yuv420p: not supported yet");
        }
        if (encodersOpen && (pic.width() != sourceWidth || pic.height() != sourceHeight)) {
            log.info("{}: source size changed {}x{} -> {}x{}; the ladder restarts at the next keyframe", streamKey,
                    sourceWidth, sourceHeight, pic.width(), pic.height());
            closeEncoders();
        }
        if (!encodersOpen) {
            if (heldKeyframe == null) {
                if (key) {
                    heldKeyframe = av_frame_clone(pic);
                    heldPts = pts;
                }
                return;
            }
            // the frame rate from the spacing of decode timestamps (a 29.97 fps source's 33/34 ms gives 30);
            // two pictures' presentation times are not it with B-frames (reordered), only the fallback
            double interval = decoder.frameIntervalMs(Math.max(1, pts - heldPts));
            int fps = SourceDecoder.frameRate(interval);
            openEncoders(pic.width(), pic.height(), fps);
            encodeAll(heldKeyframe, heldPts, true);
            av_frame_free(heldKeyframe);
            heldKeyframe = null;
        }
        encodeAll(pic, pts, key);
    }

    private void encodeAll(AVFrame pic, long pts, boolean key) {
        if (key && !bitrateChanges.isEmpty()) {
            retune(pts);
        }
        sync(pts, key);
        for (RenditionEncoder e : encoders) {
            e.encode(pic, sourceHeight, pts, key);
        }
        latestEncodedMs = pts;
        progress(pts);
    }

    /**
     * Applies pending bitrate changes at a source keyframe by opening a fresh encoder for the
     * rendition: x264's reconfiguration keeps the rate control's running average of the old rate and
     * follows a new target only slowly, while a new encoder starts from this IDR at the new rate.
     * The rendition's sink is the same; an unchanged sequence header is dropped by the live source.
     */
    private synchronized void retune(long pts) {
        for (int i = 0; i < encoders.size(); i++) {
            RenditionEncoder e = encoders.get(i);
            Long bps = bitrateChanges.remove(e.rendition.name());
            if (bps != null) {
                Rendition tuned = e.rendition.withBitrate(bps);
                RenditionEncoder fresh = new RenditionEncoder(tuned, sourceWidth, sourceHeight, e.width, e.height, fps, encoderName,
                        t -> sink.onTag(tuned.name(), t));
                e.close();
                encoders.set(i, fresh);
                log.info("{}: {} bitrate set to {} kbps from this keyframe ({} ms)", streamKey, tuned.name(), bps / 1000, pts);
            }
        }
    }

    /**
     * Opens and closes encoders to match what is wanted: the ladder's rungs while {@link
     * #wantLadder} (opened at source keyframes only, so their GOPs stay aligned), and the
     * renditions of {@link #want} (opened at any picture, with an IDR).
     */
    private synchronized void sync(long pts, boolean key) {
        boolean ladderOn = ladderWanted;
        for (java.util.Iterator<RenditionEncoder> it = encoders.iterator(); it.hasNext(); ) {
            RenditionEncoder e = it.next();
            String name = e.rendition.name();
            if (ladderNames.contains(name) ? !ladderOn : !extras.containsKey(name)) {
                e.close();
                it.remove();
                log.info("{}: rendition {} stopped at {} ms (no longer wanted)", streamKey, name, pts);
            }
        }
        if (key && ladderOn) {
            for (Rendition r : ladder) {
                if (!isOpen(r.name()) && !skippedHere.contains(r.name())) {
                    open(r, pts);
                }
            }
        }
        for (Rendition r : extras.values()) {
            if (!isOpen(r.name()) && !skippedHere.contains(r.name())) {
                open(r, pts);
            }
        }
    }

    private boolean isOpen(String name) {
        for (RenditionEncoder e : encoders) {
            if (e.rendition.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private void open(Rendition r, long pts) {
        int[] size = r.sizeFor(sourceWidth, sourceHeight);
        if (size == null) {
            skippedHere.add(r.name());
            sink.onSkipped(r.name(), "not smaller than the source (" + sourceWidth + "x" + sourceHeight + "): never upscaled");
            log.info("{}: rendition {} skipped: {} is not below the source's {}x{}", streamKey, r.name(), r.height(),
                    sourceWidth, sourceHeight);
            return;
        }
        try {
            encoders.add(new RenditionEncoder(r, sourceWidth, sourceHeight, size[0], size[1], fps, encoderName,
                    t -> sink.onTag(r.name(), t)));
            log.info("{}: rendition {} started at {} ms: {}x{}, {} kbps, {} profile, no B-frames, {}", streamKey, r.name(), pts,
                    size[0], size[1], r.videoBitrate() / 1000, r.profile(), encoderName);
        } catch (IllegalStateException e) {
            skippedHere.add(r.name());
            sink.onSkipped(r.name(), e.getMessage());
            log.warn("{}: rendition {} not produced: {}", streamKey, r.name(), e.getMessage());
        }
    }

    private synchronized void openEncoders(int width, int height, int fps) {
        sourceWidth = width;
        sourceHeight = height;
        this.fps = fps;
        encodersOpen = true;
        log.info("{}: transcoding {}x{} at {} fps", streamKey, width, height, fps);
    }

    private synchronized void closeEncoders() {
        for (RenditionEncoder e : encoders) {
            e.close();
        }
        encoders.clear();
        skippedHere.clear();
        encodersOpen = false;
    }

    private void progress(long pts) {
        ProgressWindow.Rates r = progress.frame(pts, System.nanoTime());
        if (r != null) {
            log.info(String.format(Locale.ROOT, "%s: %.1f fps, speed %.2fx, lag %d ms, %d tags dropped, renditions %s",
                    streamKey, r.fps(), r.speed(), lagMs(), queue.dropped(), activeRenditions()));
        }
    }

    /** Stops the session thread and frees the codecs. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
