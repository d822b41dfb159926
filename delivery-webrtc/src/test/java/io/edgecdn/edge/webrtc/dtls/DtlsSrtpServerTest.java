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
            CompletableFuture<DtlsSrtpServer.Established> server = CompletableFuture.supplyAsync(() -> {
                try {
                    return DtlsSrtpServer.accept(pair.server, serverCert, clientCert.fingerprint());
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
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
        CompletableFuture<DtlsSrtpServer.Established> server = CompletableFuture.supplyAsync(() -> {
            try {
                return DtlsSrtpServer.accept(pair.server, serverCert, serverCert.fingerprint()); // not the client's
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
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
        CompletableFuture<DtlsSrtpServer.Established> server = CompletableFuture.supplyAsync(() -> {
            try {
                return DtlsSrtpServer.accept(pair.server, serverCert, clientCert.fingerprint());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertThatThrownBy(() -> new DTLSClientProtocol().connect(new Client(new int[] {0x0002}), pair.client))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> server.get(10, TimeUnit.SECONDS)).rootCause().hasMessageContaining("no common SRTP profile");
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
        volatile byte[] material;
        volatile String serverFingerprint;

        Client(int[] profiles) {
            super(new BcTlsCrypto(new SecureRandom()));
            this.profiles = profiles;
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
