package io.edgecdn.edge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgecdn.edge.cluster.ClusterSettings;
import io.edgecdn.edge.flv.HttpFlvSettings;
import io.edgecdn.edge.hls.HlsSettings;
import io.edgecdn.edge.router.HttpSettings;
import io.edgecdn.edge.source.GopCacheSettings;
import io.edgecdn.edge.source.PullSettings;
import io.edgecdn.edge.source.StreamPattern;
import io.edgecdn.edge.transcode.TranscodeSettings;
import io.edgecdn.edge.upstream.SigningRules;
import io.edgecdn.edge.upstream.UpstreamRule;
import io.edgecdn.edge.webrtc.WebRtcSettings;
import io.edgecdn.ops.config.ConfigException;
import io.edgecdn.ops.config.ConfigSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads {@link EdgeConfig} from YAML by composing the sections each module reads itself ({@code
 * HttpSettings.read}, {@code PullSettings.read}, {@code GopCacheSettings.read}, ...). Every key is
 * optional (defaults from {@link EdgeConfig#defaults()}); an unknown key, a wrong type or an
 * out-of-range value throws {@link ConfigException} naming the key. Durations are written {@code
 * 500ms}, {@code 5s}, {@code 2m}, {@code 1h}; sizes in bytes or with {@code KiB}, {@code MiB},
 * {@code GiB}.
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

    /**
     * Parses YAML text; {@code source} names it in messages.
     *
     * @throws ConfigException when the text is not YAML or a value is bad
     */
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
        HttpSettings http = HttpSettings.read(top.section("http"), d.http());
        List<UpstreamRule> rules = UpstreamRule.readList(top);
        PullSettings pull = PullSettings.read(top.section("pull"), d.pull());
        List<String> pinned = top.stringList("pinned");
        for (String pin : pinned) {
            if (!StreamPattern.isValid(pin)) {
                throw top.error("pinned entry '" + pin + "' must be app/stream (with * as a wildcard)");
            }
        }
        GopCacheSettings gop = GopCacheSettings.read(top.section("gop-cache"), d.gopCache());
        HttpFlvSettings flv = HttpFlvSettings.read(top.section("http-flv"), d.httpFlv());
        HlsSettings hls = HlsSettings.read(top.section("hls"), d.hls());
        TranscodeSettings transcode = TranscodeSettings.read(top.section("transcode"), d.transcode());
        int maxStreams = top.intIn("max-streams", d.maxStreams(), 1, 1_000_000);
        ClusterSettings cluster = ClusterSettings.read(top.section("cluster"), d.cluster());
        EdgeConfig.Admin admin = admin(top.section("admin"), d.admin());
        SigningRules signing = SigningRules.read(top.section("signing"), d.signing(), System::getenv);
        WebRtcSettings webrtc = WebRtcSettings.read(top.section("webrtc"), d.webrtc());
        top.done();
        return new EdgeConfig(http, rules, pull, List.copyOf(pinned), gop, flv, hls, transcode, maxStreams, cluster, admin, signing, webrtc);
    }

    private static EdgeConfig.Admin admin(ConfigSection ad, EdgeConfig.Admin d) {
        EdgeConfig.Admin admin = new EdgeConfig.Admin(ad.bool("enabled", d.enabled()), ad.string("bind", d.bind()),
                ad.intIn("port", d.port(), 0, 65535), ad.string("token", d.token()));
        ad.done();
        if (admin.token() != null && admin.token().strip().length() < 16) {
            throw ad.bad("token", "must be at least 16 characters (e.g. openssl rand -hex 24)");
        }
        return admin;
    }
}
