package io.edgecdn.edge.hls;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.edgecdn.edge.source.StreamKey;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * An estimate of the HLS viewers watching now: HLS is stateless, so a viewer is a distinct (stream,
 * client address, User-Agent) that requested a playlist or segment within the session timeout.
 * Players behind one NAT with the same browser count once; that is the estimate's known bias.
 * Bounded (100,000 entries); thread-safe.
 */
public final class HlsViewers {
    private final Cache<String, StreamKey> recent;

    HlsViewers(Duration sessionTimeout) {
        this.recent = Caffeine.newBuilder().expireAfterWrite(sessionTimeout).maximumSize(100_000).executor(Runnable::run).build();
    }

    void seen(StreamKey key, InetSocketAddress client, String userAgent) {
        String ip = client == null || client.getAddress() == null ? "?" : client.getAddress().getHostAddress();
        recent.put(key + "|" + ip + "|" + (userAgent == null ? "" : Integer.toHexString(userAgent.hashCode())), key);
    }

    /** HLS viewers now, all streams. */
    public long count() {
        recent.cleanUp();
        return recent.estimatedSize();
    }

    /** HLS viewers of one stream now. */
    public long count(StreamKey key) {
        recent.cleanUp();
        return recent.asMap().values().stream().filter(key::equals).count();
    }
}
