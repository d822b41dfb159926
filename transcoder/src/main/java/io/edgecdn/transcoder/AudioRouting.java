package io.edgecdn.transcoder;

import io.edgecdn.media.flv.FlvTag;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a transcode session's source audio goes: the source's AAC tags, the same objects, to every
 * rendition that passes audio through (the ladder's rungs with audio bitrate 0, and every
 * rendition asked for besides the ladder), and through an {@link AudioReencoder} to the rungs
 * that re-encode it. Confined to the session's thread.
 */
final class AudioRouting implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AudioRouting.class);

    private final String streamKey;
    private final List<Rendition> ladder;
    private final Collection<Rendition> extras;
    private final RenditionSink sink;
    private List<Rendition> passThrough;
    private @Nullable AudioReencoder reencoder;

    /** @param extras a live view of the renditions asked for besides the ladder */
    AudioRouting(String streamKey, List<Rendition> ladder, Collection<Rendition> extras, RenditionSink sink) {
        this.streamKey = streamKey;
        this.ladder = ladder;
        this.extras = extras;
        this.sink = sink;
        this.passThrough = ladder;
    }

    /**
     * A new source AudioSpecificConfig: (re)opens the AAC re-encoding of the rungs that ask for it,
     * or passes the source's AAC to them too when it cannot work (and says why); then passes the
     * header on.
     */
    void header(FlvTag tag) {
        List<Rendition> reencode = ladder.stream().filter(r -> r.audioBitrate() > 0).toList();
        if (!reencode.isEmpty()) {
            close();
            try {
                reencoder = AudioReencoder.open(tag, reencode);
                passThrough = ladder.stream().filter(r -> r.audioBitrate() == 0).toList();
            } catch (RuntimeException e) {
                log.warn("{}: audio of {} is passed through instead of re-encoded: {}", streamKey,
                        reencode.stream().map(Rendition::name).toList(), e.getMessage());
                passThrough = ladder;
            }
        }
        pass(tag);
    }

    /** One source AAC frame. */
    void frame(FlvTag tag) {
        pass(tag);
        AudioReencoder r = reencoder;
        if (r != null) {
            r.frame(tag, sink::onTag);
        }
    }

    private void pass(FlvTag tag) {
        for (Rendition r : passThrough) {
            sink.onTag(r.name(), tag);
        }
        for (Rendition r : extras) {
            sink.onTag(r.name(), tag);
        }
    }

    @Override
    public void close() {
        if (reencoder != null) {
            reencoder.close();
            reencoder = null;
        }
    }
}
