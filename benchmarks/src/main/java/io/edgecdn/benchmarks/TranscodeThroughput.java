package io.edgecdn.benchmarks;

import io.edgecdn.media.flv.FlvReader;
import io.edgecdn.media.flv.FlvTag;
import io.edgecdn.media.flv.TagKind;
import io.edgecdn.transcoder.Rendition;
import io.edgecdn.transcoder.TranscodeSession;
import java.io.FileInputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Transcodes an FLV file through the default ladder as fast as the session goes (fed without
 * real-time pacing, never overrunning its queue) and prints the process CPU seconds and wall seconds
 * the transcode took, excluding JVM start-up and file reading. Used by {@code bin/bench-transcode}.
 * Usage: {@code TranscodeThroughput FILE.flv}
 */
public final class TranscodeThroughput {
    private TranscodeThroughput() {
    }

    public static void main(String[] args) throws Exception {
        List<FlvTag> tags = new ArrayList<>();
        try (var in = new FileInputStream(args[0])) {
            new FlvReader(tags::add).readAll(in);
        }
        long videoFrames = tags.stream().filter(t -> t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME).count();
        long mediaMs = tags.get(tags.size() - 1).timestampMs() - tags.get(0).timestampMs();
        ConcurrentHashMap<String, AtomicLong> out = new ConcurrentHashMap<>();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        TranscodeSession session = new TranscodeSession("bench", Rendition.DEFAULT_LADDER, "libx264", (name, tag) -> {
            if (tag.kind() == TagKind.VIDEO_KEYFRAME || tag.kind() == TagKind.VIDEO_FRAME) {
                out.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
            }
        }).start();
        long fed = 0;
        for (FlvTag t : tags) {
            if (t.kind() == TagKind.VIDEO_KEYFRAME || t.kind() == TagKind.VIDEO_FRAME) {
                while (fed - session.framesDecoded() > 100) {
                    Thread.sleep(1);
                }
                fed++;
            }
            session.offer(t);
        }
        while (out.size() < 3 || out.values().stream().anyMatch(c -> c.get() < videoFrames - 2)) {
            Thread.sleep(1);
        }
        long wall = System.nanoTime() - wall0;
        long cpu = os.getProcessCpuTime() - cpu0;
        session.close();
        System.out.printf(Locale.ROOT, "ours: cpu %.2f s, wall %.2f s, media %.1f s, %d frames x 3 renditions, dropped %d%n",
                cpu / 1e9, wall / 1e9, mediaMs / 1000.0, videoFrames, session.droppedTags());
    }
}
