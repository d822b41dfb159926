package io.edgecdn.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgecdn.edge.EdgeNode;
import io.edgecdn.edge.webrtc.WhepSession;
import io.edgecdn.testsupport.Ports;
import io.edgecdn.testsupport.Processes;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on the WebRTC paths while a real browser plays: malformed STUN, DTLS and RTP/RTCP
 * datagrams sent to the node's UDP port from unknown addresses and from the playing browser's own
 * address (through a relay, as an on-path sender could), and mutated SDP offers posted to the WHEP
 * endpoint. The node answers every offer with 201 or a 400 naming it (never a 5xx), and the
 * browser's session keeps playing at the source's frame rate to the end. (Its freezes are
 * written down, not asserted: the offer storm slows the start, and the audio that comes in a
 * burst then makes Chromium's lip sync move the video's delay in steps; README, Status.)
 * Seeded, bounded in count and time.
 */
class WebRtcFuzzIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DATAGRAMS = 6_000;
    private static final int OFFERS = Integer.getInteger("fuzz.offers", 300);

    @RegisterExtension
    final Processes processes = new Processes();
    @RegisterExtension
    final Nodes nodes = new Nodes();
    @TempDir
    Path dir;

    @Test
    void garbageDatagramsAndOffers_neitherCrashTheNodeNorDisturbAPlayingSession() throws Exception {
        int srt = Ports.udp();
        processes.lowLatencySrtSource(dir.resolve("source.log"), srt);
        EdgeNode edge = nodes.start(Nodes.config("live/*", "srt://127.0.0.1:" + srt + "?mode=caller"));
        Random random = new Random(20261204L);
        AtomicInteger injected = new AtomicInteger();
        try (UdpLossRelay relay = new UdpLossRelay(edge.webrtc().udpAddress(), 0, 1L);
             BrowserPlayer browser = new BrowserPlayer(Map.of("whep.html", Path.of("whep.html")));
             DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String whep = edge.baseUrl() + "/live/fuzz/whep";
            Path shot = Path.of("target", "browser-webrtc-fuzz.png").toAbsolutePath();
            Files.createDirectories(shot.getParent());
            String page = browser.url("whep.html?relay=" + relay.port() + "&src=" + URLEncoder.encode(whep, StandardCharsets.UTF_8));

            // the datagrams go while the browser plays: from a stranger's address and from the browser's
            CompletableFuture<Void> datagrams = CompletableFuture.runAsync(() -> {
                try {
                    await().atMost(Duration.ofSeconds(40)).until(() ->
                            edge.webrtc().sessions().stream().anyMatch(s -> s.state() == WhepSession.State.PLAYING));
                    Thread.sleep(2000); // let the browser play for a while before the garbage comes
                    InetSocketAddress node = edge.webrtc().udpAddress();
                    for (int i = 0; i < DATAGRAMS; i++) {
                        byte[] d = datagram(random);
                        if (i % 2 == 0) {
                            stranger.send(new DatagramPacket(d, d.length, node));
                        } else if (relay.inject(d, d.length)) {
                            injected.incrementAndGet();
                        }
                        if (i % 30 == 0) {
                            Thread.sleep(50); // spread over about 10 s of the play
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });

            // the offers go alongside
            HttpClient http = HttpClient.newHttpClient();
            CompletableFuture<List<String>> offers = CompletableFuture.supplyAsync(() -> {
                List<String> wrong = new ArrayList<>();
                Random r = new Random(7L);
                try {
                    for (int i = 0; i < OFFERS; i++) {
                        String offer = mutate(BrowserWebRtcIT.OFFER, r);
                        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(whep))
                                .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofString(offer)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (res.statusCode() == 201) {
                            String location = res.headers().firstValue("Location").orElseThrow();
                            http.send(HttpRequest.newBuilder(URI.create(edge.baseUrl() + location)).DELETE().build(),
                                    HttpResponse.BodyHandlers.discarding());
                        } else if (res.statusCode() != 400 || !res.body().contains("\"error\":\"bad_offer\"")) {
                            wrong.add(res.statusCode() + " " + res.body() + " for " + offer.replace("\r\n", "|"));
                        }
                    }
                    byte[] huge = new byte[200_000];
                    Arrays.fill(huge, (byte) 'a');
                    HttpResponse<String> big = http.send(HttpRequest.newBuilder(URI.create(whep))
                            .header("Content-Type", "application/sdp").POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (big.statusCode() != 400) {
                        wrong.add("a 200 kB offer: " + big.statusCode() + " " + big.body());
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return wrong;
            });

            Processes.Result run = browser.run("whep.mjs", 90, page, shot.toString(), "20", "60");
            Files.writeString(Path.of("target", "whep-fuzz.json"), run.output());
            datagrams.get(60, TimeUnit.SECONDS);
            assertThat(offers.get(60, TimeUnit.SECONDS)).as("offers answered with neither 201 nor 400 bad_offer").isEmpty();
            assertThat(run.exit()).as("WHEP play under fuzzing: %s", run.output()).isZero();
            JsonNode r = JSON.readTree(run.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
            JsonNode v = r.path("last").path("video");
            assertThat(injected.get()).as("datagrams from the browser's address").isGreaterThan(DATAGRAMS / 3);
            BrowserWebRtcIT.Window w = BrowserWebRtcIT.Window.after(r, 1000);
            assertThat(w.ms()).as("the measured window").isGreaterThanOrEqualTo(18_000);
            assertThat(w.decoded()).as("frames decoded from 1 s after the first: %s", v).isGreaterThanOrEqualTo((int) (w.ms() / 1000 * 25));
            BrowserWebRtcIT.Window end = BrowserWebRtcIT.Window.after(r, w.ms() + 1000 - 3000);
            assertThat(end.decoded()).as("frames decoded in the last 3 s: %s", v).isGreaterThanOrEqualTo(60);
            List<WhepSession> playing = edge.webrtc().sessions().stream().filter(s -> s.state() == WhepSession.State.PLAYING).toList();
            assertThat(playing).as("the browser's session still plays").hasSize(1);
            assertThat(edge.webrtc().totals().rtcpDropped()).as("garbage from the browser's address, dropped and counted").isPositive();
            Files.writeString(Path.of("target", "browser-webrtc-fuzz.txt"), DATAGRAMS + " datagrams (" + injected.get()
                    + " from the browser's address), " + OFFERS + " offers; node dropped " + edge.webrtc().totals().rtcpDropped()
                    + " of the session's datagrams; from 1 s after the first frame: " + w + "; video " + v + "\n");
        }
    }

    /** A malformed datagram whose first byte puts it in the STUN, DTLS or RTP/RTCP range (RFC 7983), or anywhere. */
    private static byte[] datagram(Random r) {
        int kind = r.nextInt(5);
        byte[] d = new byte[r.nextInt(kind == 4 ? 1500 : 200) + (kind == 4 ? 0 : 4)];
        r.nextBytes(d);
        switch (kind) {
            case 0 -> { // STUN binding request: a real header, a random body, a length that may lie
                ByteBuffer b = ByteBuffer.wrap(d);
                if (d.length >= 20) {
                    b.putShort((short) 0x0001).putShort((short) (r.nextBoolean() ? d.length - 20 : r.nextInt(0x10000))).putInt(0x2112A442);
                } else {
                    d[0] = (byte) r.nextInt(4);
                }
            }
            case 1 -> { // a DTLS record: handshake, alert or application data, epoch 0 or 1
                if (d.length >= 13) {
                    int[] types = {20, 21, 22, 23};
                    ByteBuffer.wrap(d).put((byte) types[r.nextInt(4)]).putShort((short) 0xFEFD).putShort((short) r.nextInt(2))
                            .position(11).putShort((short) (r.nextBoolean() ? d.length - 13 : r.nextInt(0x10000)));
                } else {
                    d[0] = (byte) (20 + r.nextInt(44));
                }
            }
            case 2 -> { // RTCP: SR, RR, SDES, BYE, APP, RTPFB, PSFB, XR; lengths that may lie
                d[0] = (byte) (0x80 | r.nextInt(32));
                d[1] = (byte) (200 + r.nextInt(8));
            }
            case 3 -> { // RTP
                d[0] = (byte) (0x80 | r.nextInt(64));
                d[1] = (byte) r.nextInt(128);
            }
            default -> {
                // anything, of any length up to 1500 bytes (zero included)
            }
        }
        return d;
    }

    /** The offer with one to three mutations: a line dropped, doubled, cut, garbled, or junk put in. */
    private static String mutate(String offer, Random r) {
        List<String> lines = new ArrayList<>(Arrays.asList(offer.split("\r\n", -1)));
        int n = 1 + r.nextInt(3);
        for (int k = 0; k < n && !lines.isEmpty(); k++) {
            int i = r.nextInt(lines.size());
            String l = lines.get(i);
            switch (r.nextInt(6)) {
                case 0 -> lines.remove(i);
                case 1 -> lines.add(i, l);
                case 2 -> lines.set(i, l.substring(0, r.nextInt(l.length() + 1)));
                case 3 -> {
                    char[] c = l.toCharArray();
                    if (c.length > 0) {
                        c[r.nextInt(c.length)] = (char) r.nextInt(0x3000);
                    }
                    lines.set(i, new String(c));
                }
                case 4 -> lines.set(i, l.replaceAll("[0-9]+", String.valueOf(r.nextBoolean() ? -1 : Long.MAX_VALUE)));
                default -> lines.add(i, "a=" + "x".repeat(r.nextInt(5000)) + ":" + r.nextInt());
            }
        }
        return String.join("\r\n", lines);
    }
}
