package io.edgecdn.edge.config;

import io.edgecdn.edge.upstream.UpstreamRule;
import io.edgecdn.edge.router.HttpSettings;

import io.edgecdn.edge.cluster.ClusterSettings;
import io.edgecdn.edge.upstream.SigningRules;
import io.edgecdn.edge.upstream.SigningRule;

import io.edgecdn.edge.transcode.TranscodeSettings;
import io.edgecdn.edge.source.StreamPattern;
import io.edgecdn.edge.flv.HttpFlvSettings;
import io.edgecdn.edge.hls.HlsSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgecdn.edge.source.GopCacheLimits;
import io.edgecdn.edge.source.PullSettings;
import io.edgecdn.transcoder.Rendition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads {@link EdgeConfig} from YAML. Every key is optional (defaults from
 * {@link EdgeConfig#defaults()}); an unknown key, a wrong type or an out-of-range value throws
 * {@link ConfigException} naming the key. Durations are written {@code 500ms}, {@code 5s},
 * {@code 2m}, {@code 1h}; sizes in bytes or with {@code KiB}, {@code MiB}, {@code GiB}.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Loads a YAML file.
     *
     * @throws ConfigException when the file cannot be read or a value is bad
     */
    public static EdgeConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses YAML text; {@code source} names it in messages. */
    public static EdgeConfig parse(String yaml, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException e) {
            throw new ConfigException(source + " is not valid YAML: " + e.getMessage(), e);
        }
        EdgeConfig d = EdgeConfig.defaults();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return d;
        }
        ConfigSection top = new ConfigSection(root, "", source);
        ConfigSection http = top.section("http");
        HttpSettings h = new HttpSettings(http.string("bind", d.http().bind()),
                http.intIn("port", d.http().port(), 0, 65535), http.intIn("io-threads", d.http().ioThreads(), 0, 256));
        http.done();
        List<UpstreamRule> rules = new ArrayList<>();
        JsonNode ups = top.raw("upstreams");
        if (ups != null) {
            if (!ups.isArray()) {
                throw new ConfigException(source + ": upstreams must be a list of {pattern, urls}");
            }
            for (int i = 0; i < ups.size(); i++) {
                ConfigSection u = new ConfigSection(ups.get(i), "upstreams[" + i + "].", source);
                String pattern = u.string("pattern", null);
                List<String> urls = u.stringList("urls");
                u.done();
                if (pattern == null) {
                    throw new ConfigException(source + ": upstreams[" + i + "].pattern is required");
                }
                try {
                    rules.add(new UpstreamRule(pattern, urls));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(source + ": upstreams[" + i + "]: " + e.getMessage(), e);
                }
            }
        }
        ConfigSection pull = top.section("pull");
        PullSettings p = new PullSettings(pull.duration("connect-timeout", d.pull().connectTimeout()),
                pull.duration("read-timeout", d.pull().readTimeout()), pull.duration("idle-grace", d.pull().idleGrace()),
                pull.duration("backoff-initial", d.pull().backoffInitial()), pull.duration("backoff-max", d.pull().backoffMax()));
        pull.done();
        if (p.connectTimeout().isZero() || p.readTimeout().isZero() || p.backoffInitial().isZero()) {
            throw new ConfigException(source + ": pull.connect-timeout, pull.read-timeout and pull.backoff-initial must be above 0");
        }
        if (p.backoffMax().compareTo(p.backoffInitial()) < 0) {
            throw new ConfigException(source + ": pull.backoff-max must not be below pull.backoff-initial");
        }
        List<String> pinned = top.has("pinned") ? top.stringList("pinned") : List.of();
        for (String pin : pinned) {
            if (!StreamPattern.isValid(pin)) {
                throw new ConfigException(source + ": pinned entry '" + pin + "' must be app/stream (with * as a wildcard)");
            }
        }
        GopCacheSection gopSection = gopCache(top.raw("gop-cache"), d.gopCache(), source, "gop-cache.");
        GopCacheLimits g = gopSection.limits();
        ConfigSection flv = top.section("http-flv");
        HttpFlvSettings f = new HttpFlvSettings(flv.size("queue-max-bytes", d.httpFlv().queueMaxBytes()),
                flv.duration("queue-max-duration", d.httpFlv().queueMaxDuration()),
                flv.intIn("max-skips", d.httpFlv().maxSkips(), 1, 1000),
                flv.duration("skip-window", d.httpFlv().skipWindow()),
                flv.duration("merge-writes", d.httpFlv().mergeWrites()));
        flv.done();
        if (f.queueMaxBytes() < 64 * 1024 || f.queueMaxDuration().toMillis() < 500) {
            throw new ConfigException(source + ": http-flv.queue-max-bytes must be at least 64KiB and http-flv.queue-max-duration at least 500ms");
        }
        HlsSettings hl = hls(top.raw("hls"), d.hls(), source, "hls.");
        TranscodeSettings tc = transcode(top, d.transcode(), source);
        int maxStreams = top.intIn("max-streams", d.maxStreams(), 1, 1_000_000);
        ClusterSettings cl = cluster(top, d.cluster(), source);
        ConfigSection ad = top.section("admin");
        EdgeConfig.Admin admin = new EdgeConfig.Admin(ad.bool("enabled", d.admin().enabled()), ad.string("bind", d.admin().bind()),
                ad.intIn("port", d.admin().port(), 0, 65535), ad.string("token", d.admin().token()));
        ad.done();
        if (admin.token() != null && admin.token().strip().length() < 16) {
            throw new ConfigException(source + ": admin.token must be at least 16 characters (e.g. openssl rand -hex 24)");
        }
        SigningRules signing = signing(top.section("signing"), d.signing(), source);
        top.done();
        return new EdgeConfig(h, rules, p, pinned, g, f, hl, tc, maxStreams, cl, gopSection.overrides(), admin, signing);
    }

    private static SigningRules signing(ConfigSection sg, SigningRules d, String source) {
        Duration skew = sg.duration("clock-skew", d.clockSkew());
        List<SigningRule> rules = new ArrayList<>();
        JsonNode list = sg.raw("rules");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new ConfigException(source + ": signing.rules must be a list of {pattern, scheme, key | key-env}");
            }
            for (int i = 0; i < list.size(); i++) {
                String field = "signing.rules[" + i + "].";
                ConfigSection r = new ConfigSection(list.get(i), field, source);
                String pattern = r.string("pattern", null);
                if (!StreamPattern.isValid(pattern)) {
                    throw new ConfigException(source + ": " + field + "pattern must be app/stream with * as a wildcard, got '" + pattern + "'");
                }
                String scheme = r.string("scheme", "txsecret");
                io.edgecdn.ops.UrlSigning.Scheme sc = switch (scheme.toLowerCase(Locale.ROOT)) {
                    case "txsecret" -> io.edgecdn.ops.UrlSigning.Scheme.TXSECRET;
                    case "hmac" -> io.edgecdn.ops.UrlSigning.Scheme.HMAC;
                    default -> throw new ConfigException(source + ": " + field + "scheme must be txsecret or hmac, got '" + scheme + "'");
                };
                String key = r.string("key", null);
                String keyEnv = r.string("key-env", null);
                if (keyEnv != null) {
                    key = System.getenv(keyEnv);
                    if (key == null || key.isBlank()) {
                        throw new ConfigException(source + ": " + field + "key-env names " + keyEnv + ", which is not set");
                    }
                }
                if (key == null || key.length() < 8) {
                    throw new ConfigException(source + ": " + field + "key (or key-env) is required, at least 8 characters");
                }
                r.done();
                rules.add(new SigningRule(pattern, sc, key));
            }
        }
        sg.done();
        return new SigningRules(skew, List.copyOf(rules));
    }

    /**
     * The GOP cache bounds and per-pattern overrides.
     *
     * @param limits the default bounds
     * @param overrides bounds of stream patterns, first match wins
     */
    public record GopCacheSection(GopCacheLimits limits, List<EdgeConfig.GopCacheOverride> overrides) {
    }

    /**
     * Reads a {@code gop-cache} section (YAML, or the JSON body of {@code PUT /admin/config/gop-cache}):
     * {@code enabled}, {@code max-frames}, {@code max-bytes}, {@code max-duration},
     * {@code audio-only-window}, and {@code overrides: [{pattern, ...same keys}]}; absent keys keep
     * {@code defaults}' values (an override's absent keys: the section's).
     *
     * @param prefix how the section's keys are named in messages, e.g. {@code gop-cache.}
     * @throws ConfigException naming the bad key
     */
    public static GopCacheSection gopCache(JsonNode node, GopCacheLimits defaults, String source, String prefix) {
        ConfigSection gop = new ConfigSection(node, prefix, source);
        GopCacheLimits g = gopLimits(gop, defaults, source, prefix);
        List<EdgeConfig.GopCacheOverride> overrides = new ArrayList<>();
        JsonNode list = gop.raw("overrides");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new ConfigException(source + ": " + prefix + "overrides must be a list of {pattern, max-frames, ...}");
            }
            for (int i = 0; i < list.size(); i++) {
                String field = prefix + "overrides[" + i + "].";
                ConfigSection o = new ConfigSection(list.get(i), field, source);
                String pattern = o.string("pattern", null);
                if (!StreamPattern.isValid(pattern)) {
                    throw new ConfigException(source + ": " + field + "pattern must be app/stream with * as a wildcard, got '" + pattern + "'");
                }
                overrides.add(new EdgeConfig.GopCacheOverride(pattern, gopLimits(o, g, source, field)));
            }
        }
        gop.done();
        return new GopCacheSection(g, List.copyOf(overrides));
    }

    private static GopCacheLimits gopLimits(ConfigSection gop, GopCacheLimits dg, String source, String prefix) {
        boolean enabled = gop.bool("enabled", dg.enabled());
        int frames = gop.intIn("max-frames", dg.maxFrames(), 1, 1_000_000);
        long bytes = gop.size("max-bytes", dg.maxBytes());
        Duration dur = gop.duration("max-duration", Duration.ofMillis(dg.maxDurationMs()));
        Duration audio = gop.duration("audio-only-window", Duration.ofMillis(dg.audioOnlyWindowMs()));
        if (dur.isZero()) {
            throw new ConfigException(source + ": " + prefix + "max-duration must be above 0");
        }
        try {
            return new GopCacheLimits(enabled, frames, bytes, dur.toMillis(), audio.toMillis());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": " + prefix.substring(0, prefix.length() - 1) + ": " + e.getMessage(), e);
        }
    }

    private static ClusterSettings cluster(ConfigSection top, ClusterSettings d, String source) {
        ConfigSection c = top.section("cluster");
        ConfigSection cs = c.section("consul");
        io.edgecdn.scheduler.consul.ConsulSettings consul = null;
        String address = cs.string("address", null);
        String token = cs.string("token", null);
        io.edgecdn.scheduler.consul.ConsulSettings dc = io.edgecdn.scheduler.consul.ConsulSettings.defaults("http://127.0.0.1:8500");
        String service = cs.string("service", dc.service());
        String originService = cs.string("origin-service", dc.originService());
        Duration ttl = cs.duration("check-ttl", dc.checkTtl());
        Duration deregister = cs.duration("deregister-critical-after", dc.deregisterCriticalAfter());
        Duration wait = cs.duration("watch-wait", dc.watchWait());
        String prefix = cs.string("kv-prefix", dc.kvPrefix());
        cs.done();
        if (address == null && !cs.isEmpty()) {
            throw new ConfigException(source + ": cluster.consul.address is required when cluster.consul is set (e.g. http://127.0.0.1:8500)");
        }
        if (address != null) {
            try {
                consul = new io.edgecdn.scheduler.consul.ConsulSettings(address, token, service, originService, ttl, deregister, wait, prefix);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source + ": cluster." + e.getMessage(), e);
            }
        }
        ClusterSettings out = new ClusterSettings(consul, c.string("node-id", d.nodeId()),
                c.intIn("tier", d.tier(), 1, 9), c.string("region", d.region()), c.string("advertise-host", d.advertiseHost()),
                c.number("weight", d.weight(), 0.001, 1000), c.intIn("max-viewers", d.maxViewers(), 1, 10_000_000),
                c.number("max-egress-mbps", d.maxEgressMbps(), 0.001, 10_000_000), c.bool("redirect", d.redirect()),
                c.number("redirect-threshold", d.redirectThreshold(), 0.01, 1.0),
                c.intIn("penalty-failures", d.penaltyFailures(), 1, 100), c.duration("penalty-window", d.penaltyWindow()),
                c.duration("penalty-duration", d.penaltyDuration()), c.duration("drain-deadline", d.drainDeadline()));
        c.done();
        if (!out.nodeId().matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            throw new ConfigException(source + ": cluster.node-id '" + out.nodeId() + "' must be 1-63 of [A-Za-z0-9_.-]");
        }
        if (!out.region().matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            throw new ConfigException(source + ": cluster.region '" + out.region() + "' must be 1-63 of [A-Za-z0-9_.-]");
        }
        return out;
    }

    /**
     * Reads an {@code hls} section (YAML, or the body of {@code PUT /admin/config/hls}): {@code
     * target-duration}, {@code window}, {@code cache-bytes}, {@code start-timeout}, {@code
     * session-timeout}, {@code max-segment-duration}, {@code max-segment-bytes}; absent keys keep {@code d}'s values.
     *
     * @throws ConfigException naming the bad key
     */
    public static HlsSettings hls(JsonNode node, HlsSettings d, String source, String prefix) {
        ConfigSection hls = new ConfigSection(node, prefix, source);
        HlsSettings hl = new HlsSettings(hls.duration("target-duration", d.targetDuration()),
                hls.intIn("window", d.window(), 2, 100), hls.size("cache-bytes", d.cacheBytes()),
                hls.duration("start-timeout", d.startTimeout()), hls.duration("session-timeout", d.sessionTimeout()),
                hls.duration("max-segment-duration", hls.has("target-duration") // follows a new target unless set
                        ? HlsSettings.defaultMaxSegmentDuration(hls.duration("target-duration", d.targetDuration()))
                        : d.maxSegmentDuration()), hls.size("max-segment-bytes", d.maxSegmentBytes()));
        hls.done();
        if (hl.maxSegmentDuration().compareTo(hl.targetDuration()) < 0 || hl.maxSegmentDuration().toSeconds() > 60) {
            throw new ConfigException(source + ": " + prefix + "max-segment-duration must be between " + prefix
                    + "target-duration (" + hl.targetDuration().toMillis() + " ms) and 60s, got " + hl.maxSegmentDuration().toMillis() + " ms");
        }
        if (hl.maxSegmentBytes() < (256 << 10) || hl.maxSegmentBytes() > (256L << 20)) {
            throw new ConfigException(source + ": " + prefix + "max-segment-bytes must be between 256KiB and 256MiB, got " + hl.maxSegmentBytes());
        }
        if (hl.targetDuration().toMillis() < 500 || hl.targetDuration().toSeconds() > 30) {
            throw new ConfigException(source + ": " + prefix + "target-duration must be between 500ms and 30s, got " + hl.targetDuration().toMillis() + " ms");
        }
        if (hl.cacheBytes() < (1 << 20)) {
            throw new ConfigException(source + ": " + prefix + "cache-bytes must be at least 1MiB");
        }
        if (hl.startTimeout().isZero() || hl.sessionTimeout().compareTo(hl.targetDuration()) < 0) {
            throw new ConfigException(source + ": " + prefix + "start-timeout must be above 0 and " + prefix + "session-timeout at least " + prefix + "target-duration");
        }
        return hl;
    }

    /**
     * Reads a ladder change (the body of {@code PUT /admin/config/ladder}): {@code ladder} (the
     * default ladder) and {@code overrides} ({@code [{pattern, ladder}]}), each replacing the
     * current one when present; the encoder and always-on list stay.
     *
     * @throws ConfigException naming the bad key
     */
    public static TranscodeSettings ladders(JsonNode node, TranscodeSettings d, String source) {
        ConfigSection t = new ConfigSection(node, "", source);
        List<Rendition> ladder = ladder(t.raw("ladder"), "ladder", d.ladder(), source);
        List<TranscodeSettings.LadderOverride> overrides = t.has("overrides") ? overrides(t.raw("overrides"), "overrides", source) : d.overrides();
        t.done();
        return new TranscodeSettings(d.encoder(), ladder, overrides, d.alwaysOn());
    }

    private static List<TranscodeSettings.LadderOverride> overrides(JsonNode o, String name, String source) {
        List<TranscodeSettings.LadderOverride> overrides = new ArrayList<>();
        if (o != null && !o.isNull()) {
            if (!o.isArray()) {
                throw new ConfigException(source + ": " + name + " must be a list of {pattern, ladder}");
            }
            for (int i = 0; i < o.size(); i++) {
                String field = name + "[" + i + "]";
                ConfigSection os = new ConfigSection(o.get(i), field + ".", source);
                String pattern = os.string("pattern", null);
                if (!StreamPattern.isValid(pattern)) {
                    throw new ConfigException(source + ": " + field + ".pattern must be app/stream with * as a wildcard");
                }
                overrides.add(new TranscodeSettings.LadderOverride(pattern, ladder(os.raw("ladder"), field + ".ladder", null, source)));
                os.done();
            }
        }
        return List.copyOf(overrides);
    }

    private static TranscodeSettings transcode(ConfigSection top, TranscodeSettings d, String source) {
        ConfigSection t = top.section("transcode");
        String encoder = t.string("encoder", d.encoder());
        if (!encoder.equals("libx264") && !encoder.equals("h264_nvenc")) {
            throw new ConfigException(source + ": transcode.encoder must be libx264 or h264_nvenc, got '" + encoder + "'");
        }
        List<Rendition> ladder = ladder(t.raw("ladder"), "transcode.ladder", d.ladder(), source);
        List<TranscodeSettings.LadderOverride> overrides = overrides(t.raw("overrides"), "transcode.overrides", source);
        List<String> alwaysOn = t.has("always-on") ? t.stringList("always-on") : List.of();
        for (String a : alwaysOn) {
            if (!StreamPattern.isValid(a)) {
                throw new ConfigException(source + ": transcode.always-on entry '" + a + "' must be app/stream (with * as a wildcard)");
            }
        }
        t.done();
        return new TranscodeSettings(encoder, ladder, overrides, List.copyOf(alwaysOn));
    }

    /** A ladder list at {@code field}; {@code def} when absent (null: required). */
    private static List<Rendition> ladder(JsonNode l, String field, List<Rendition> def, String source) {
        if (l == null || l.isNull()) {
            if (def == null) {
                throw new ConfigException(source + ": " + field + " is required");
            }
            return def;
        }
        if (!l.isArray()) {
            throw new ConfigException(source + ": " + field + " must be a list of renditions");
        }
        List<Rendition> ladder = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            ConfigSection r = new ConfigSection(l.get(i), field + "[" + i + "].", source);
            Rendition dr = Rendition.DEFAULT_LADDER.get(0);
            long bitrate = r.bits("bitrate", dr.videoBitrate());
            ladder.add(new Rendition(r.string("name", null), r.intIn("width", 0, 0, 7680), r.intIn("height", 0, 0, 4320),
                    bitrate, r.bits("maxrate", bitrate * 5 / 4), r.string("preset", dr.preset()), r.string("profile", dr.profile()),
                    r.bits("audio-bitrate", 0)));
            r.done();
        }
        try {
            Rendition.validate(ladder, field);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": " + e.getMessage(), e);
        }
        return List.copyOf(ladder);
    }
}
