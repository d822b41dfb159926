package io.edgecdn.edge.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecdn.edge.webrtc.srtp.SrtpSession;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.api.Test;

/**
 * The DTLS-SRTP server against BouncyCastle's DTLS client (a browser stand-in) over an in-memory
 * datagram pair: the keys both sides derive must be equal, SRTP from the server must decrypt at the
 * client, and a wrong fingerprint or a ClientHello without a common SRTP profile must fail.
 */
class DtlsSrtpServerTest {
    private final DtlsCertificate serverCert = DtlsCertificate.generate(Clock.systemUTC());
    private final DtlsCertificate clientCert = DtlsCertificate.generate(Clock.systemUTC());

    @Test
    void handshake_givesBothSidesTheSameKeys_andSrtpDecryptsAtTheBrowser() throws Exception {
        for (int profile : new int[] {SrtpKeys.AEAD_AES_128_GCM, SrtpKeys.AES128_CM_HMAC_SHA1_80}) {
            Pair pair = new Pair();
            CompletableFuture<DtlsSrtpServer.Established> server = accept(pair, clientCert.fingerprint());
            Client client = new Client(new int[] {profile});
            DTLSTransport dtls = new DTLSClientProtocol().connect(client, pair.client);
            SrtpKeys keys = server.get(10, TimeUnit.SECONDS).keys();
            assertThat(keys.profile()).isEqualTo(profile);
            assertThat(client.serverFingerprint).isEqualTo(serverCert.fingerprint());
            byte[] material = client.material;
            assertThat(material).isNotNull();
            SrtpKeys clientView = SrtpKeys.split(profile, material);
            assertThat(clientView.serverKey()).isEqualTo(keys.serverKey());
            assertThat(clientView.serverSalt()).isEqualTo(keys.serverSalt());
            assertThat(clientView.clientKey()).isEqualTo(keys.clientKey());
            assertThat(keys.serverKey()).isNotEqualTo(keys.clientKey());

            // RTP protected by the node decrypts with the browser's view of the server write key
            byte[] rtp = new byte[100 + SrtpSession.OVERHEAD];
            rtp[0] = (byte) 0x80;
            rtp[1] = 102;
            rtp[3] = 7;
            rtp[11] = 42; // SSRC 42
            for (int i = 12; i < 100; i++) {
                rtp[i] = (byte) i;
            }
            byte[] plain = Arrays.copyOf(rtp, 100);
            try (SrtpSession node = new SrtpSession(keys)) {
                int n = node.protectRtp(rtp, 0, 100);
                assertThat(n).isEqualTo(100 + (profile == SrtpKeys.AEAD_AES_128_GCM ? 16 : 10));
                assertThat(Arrays.copyOfRange(rtp, 12, 100)).isNotEqualTo(Arrays.copyOfRange(plain, 12, 100));
                SrtpPolicy policy = profile == SrtpKeys.AEAD_AES_128_GCM
                        ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)
                        : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
                SrtpContextFactory browser = new SrtpContextFactory(false, clientView.serverKey(), clientView.serverSalt(),
                        policy, policy, new LoggerImpl("test", Level.WARNING));
                SrtpCryptoContext in = browser.deriveContext(42, 0);
                Buf b = new Buf(rtp, n);
                assertThat(in.reverseTransformPacket(b, false)).isEqualTo(SrtpErrorStatus.OK);
                assertThat(Arrays.copyOf(rtp, b.length)).isEqualTo(plain);
                browser.close();
            }
            dtls.close();
        }
    }

    @Test
    void aCertificateThatIsNotTheOffersFingerprint_isRefused() {
        Pair pair = new Pair();
        CompletableFuture<DtlsSrtpServer.Established> server = accept(pair, serverCert.fingerprint()); // not the client's
        assertThatThrownBy(() -> new DTLSClientProtocol().connect(new Client(new int[] {SrtpKeys.AEAD_AES_128_GCM}), pair.client))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> server.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RuntimeException.class)
                .rootCause().isInstanceOf(TlsFatalAlert.class)
                .satisfies(e -> assertThat(((TlsFatalAlert) e).getAlertDescription()).isEqualTo(AlertDescription.bad_certificate));
    }

    @Test
    void noCommonSrtpProfile_isAHandshakeFailure() {
        Pair pair = new Pair();
        CompletableFuture<DtlsSrtpServer.Established> server = accept(pair, clientCert.fingerprint());
        assertThatThrownBy(() -> new DTLSClientProtocol().connect(new Client(new int[] {0x0002}), pair.client))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> server.get(10, TimeUnit.SECONDS)).rootCause().hasMessageContaining("no common SRTP profile");
    }

    /**
     * After the handshake, forged records from the browser's address (UDP source addresses are
     * trivially spoofed): handshake, alert, CCS and application data at epochs 0 and 1, lengths that
     * lie, several records in one datagram. Those {@link DtlsRecords#admissibleAfterHandshake} lets
     * through must not fail the association (RFC 6347 4.1.2.7: invalid records are discarded); the
     * browser's own data and its close_notify still arrive.
     */
    @Test
    void forgedRecordsAfterTheHandshake_areDiscarded_andTheAssociationLives() throws Exception {
        for (int suite : new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA}) {
            forgedRecordsAfterTheHandshake(suite);
        }
    }

    private void forgedRecordsAfterTheHandshake(int suite) throws Exception {
        Pair pair = new Pair();
        CompletableFuture<DtlsSrtpServer.Established> server = accept(pair, clientCert.fingerprint());
        Client browser = new Client(new int[] {SrtpKeys.AEAD_AES_128_GCM});
        browser.suites = new int[] {suite};
        DTLSTransport client = new DTLSClientProtocol().connect(browser, pair.client);
        DtlsSrtpServer.Established established = server.get(10, TimeUnit.SECONDS);
        DTLSTransport association = established.transport();
        DtlsRecords records = established.records();
        java.util.Random r = new java.util.Random(20261204L);
        int admitted = 0;
        for (int i = 0; i < 3_000; i++) {
            byte[] d = forgedRecords(r);
            if (records.admissibleAfterHandshake(d, 0, d.length)) {
                admitted++;
                assertThat(pair.server.offer(d, 0, d.length)).isTrue();
            }
            byte[] buf = new byte[1500];
            int n;
            try {
                n = association.receive(buf, 0, buf.length, 1); // 0 would wait for ever
            } catch (IOException e) {
                throw new AssertionError(established.cipherSuite() + ": datagram " + i + " " + java.util.HexFormat.of().formatHex(d, 0, Math.min(d.length, 40))
                        + " failed the association", e);
            }
            assertThat(n).as("datagram %d", i).isLessThan(1);
        }
        assertThat(admitted).as("forged datagrams let through to BouncyCastle").isGreaterThan(300);
        client.send("alive".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 5);
        byte[] buf = new byte[1500];
        assertThat(association.receive(buf, 0, buf.length, 5_000)).isEqualTo(5);
        client.close(); // its close_notify: BouncyCastle closes our transport, and the reader learns it from there
        assertThatThrownBy(() -> association.receive(buf, 0, buf.length, 5_000)).isInstanceOf(IOException.class)
                .isNotInstanceOf(TlsFatalAlert.class);
        assertThat(pair.server.isClosed()).isTrue();
    }

    /**
     * One to three DTLS records: most shaped like what a browser sends after the handshake (an
     * epoch-1 alert or handshake record, an epoch-0 ChangeCipherSpec or client-flight fragment)
     * with random contents, the rest of any type, version and epoch; some lengths lie.
     */
    private static byte[] forgedRecords(java.util.Random r) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int records = 1 + r.nextInt(3);
        for (int k = 0; k < records; k++) {
            int shape = r.nextInt(5);
            byte[] body = new byte[shape == 2 ? 1 : r.nextInt(r.nextBoolean() ? 60 : 400)];
            r.nextBytes(body);
            int type = switch (shape) {
                case 0 -> 21;
                case 1, 3 -> 22;
                case 2 -> 20;
                default -> new int[] {20, 21, 22, 23, 24, r.nextInt(256)}[r.nextInt(6)];
            };
            int epoch = shape <= 1 ? 1 : shape <= 3 ? 0 : r.nextInt(3);
            if (shape == 2) {
                body[0] = 1;
            }
            if (shape == 3 && body.length >= 12) { // a handshake header: type, length, message_seq, fragment offset and length
                int fragment = body.length - 12;
                int total = fragment + (r.nextBoolean() ? 0 : r.nextInt(2000));
                int offset = total - fragment == 0 ? 0 : r.nextInt(total - fragment + 1);
                java.nio.ByteBuffer.wrap(body).put((byte) new int[] {11, 15, 16}[r.nextInt(3)])
                        .put((byte) (total >> 16)).putShort((short) total).putShort((short) r.nextInt(8))
                        .put((byte) (offset >> 16)).putShort((short) offset).put((byte) (fragment >> 16)).putShort((short) fragment);
            }
            java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(13).put((byte) type)
                    .putShort((short) (r.nextInt(10) == 0 ? 0xFEFF : 0xFEFD)).putShort((short) epoch);
            h.putShort((short) (r.nextBoolean() ? 0 : r.nextInt(0x10000))).putInt(r.nextBoolean() ? r.nextInt(64) : r.nextInt());
            h.putShort((short) (r.nextInt(20) == 0 ? r.nextInt(0x10000) : body.length));
            out.writeBytes(h.array());
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** The node's side of the handshake on {@code pair}, expecting a browser certificate with {@code fingerprint}. */
    private CompletableFuture<DtlsSrtpServer.Established> accept(Pair pair, String fingerprint) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return DtlsSrtpServer.accept(pair.server, serverCert, fingerprint);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    /** Two transports whose sends land in each other's queue. */
    private static final class Pair {
        final QueuedDatagramTransport[] both = new QueuedDatagramTransport[2];
        final QueuedDatagramTransport server;
        final QueuedDatagramTransport client;

        Pair() {
            server = new QueuedDatagramTransport((b, off, len) -> both[1].offer(b, off, len));
            client = new QueuedDatagramTransport((b, off, len) -> both[0].offer(b, off, len));
            both[0] = server;
            both[1] = client;
        }
    }

    /** A browser stand-in: DTLS 1.2, use_srtp with the given profiles, an ECDSA client certificate. */
    private final class Client extends DefaultTlsClient {
        private final int[] profiles;
        int @org.jspecify.annotations.Nullable [] suites;
        volatile byte[] material;
        volatile String serverFingerprint;

        Client(int[] profiles) {
            super(new BcTlsCrypto(new SecureRandom()));
            this.profiles = profiles;
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return suites != null ? suites : super.getSupportedCipherSuites();
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable ext = super.getClientExtensions();
            TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(profiles, new byte[0]));
            return ext;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate c) throws IOException {
                    serverFingerprint = DtlsCertificate.fingerprint(c.getCertificate().getCertificateAt(0).getEncoded());
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    BcTlsCrypto crypto = (BcTlsCrypto) getCrypto();
                    return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                            clientCert.privateKey(), clientCert.chain(crypto),
                            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            int p = profiles[0];
            material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                    2 * (SrtpKeys.keyLength(p) + SrtpKeys.saltLength(p)));
        }
    }

    private static final class Buf implements org.jitsi.utils.ByteArrayBuffer {
        final byte[] b;
        int length;
        int offset;

        Buf(byte[] b, int length) {
            this.b = b;
            this.length = length;
        }

        @Override public byte[] getBuffer() { return b; }
        @Override public int getOffset() { return offset; }
        @Override public int getLength() { return length; }
        @Override public void setLength(int len) { length = len; }
        @Override public void setOffset(int off) { offset = off; }
        @Override public boolean isInvalid() { return false; }
        @Override public void readRegionToBuff(int off, int len, byte[] out) { System.arraycopy(b, offset + off, out, 0, len); }
        @Override public void grow(int n) { }
        @Override public void append(byte[] d, int len) { System.arraycopy(d, 0, b, offset + length, len); length += len; }
        @Override public void shrink(int n) { length -= n; }
    }
}
