package io.edgecdn.edge.webrtc.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.jspecify.annotations.Nullable;

/**
 * The server side of one DTLS-SRTP handshake (RFC 5764; WebRTC's profile of it, RFC 8827):
 * DTLS 1.2 only, ECDHE with ECDSA, a client certificate required and checked against the
 * offer's {@code a=fingerprint:sha-256}, and use_srtp with one of {@link SrtpKeys#AEAD_AES_128_GCM}
 * or {@link SrtpKeys#AES128_CM_HMAC_SHA1_80} (the first the browser offers, in that order of
 * preference). No cookie exchange: ICE has already checked that the peer can receive at its address.
 */
public final class DtlsSrtpServer {
    /** Our preference, best first. */
    private static final int[] PROFILES = {SrtpKeys.AEAD_AES_128_GCM, SrtpKeys.AES128_CM_HMAC_SHA1_80};
    private static final int[] SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    /** A handshake not done in this time fails. */
    static final int HANDSHAKE_TIMEOUT_MS = 10_000;

    private DtlsSrtpServer() {
    }

    /**
     * The outcome of a handshake.
     *
     * @param transport the DTLS connection, for its close_notify and any later record
     * @param keys the SRTP keys
     * @param records the check of what may arrive on the association from now on (it knows the agreed suite)
     */
    public record Established(DTLSTransport transport, SrtpKeys keys, DtlsRecords records) {
        /** The DTLS cipher suite agreed, by its IANA name ({@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}). */
        public String cipherSuite() {
            return records.suite();
        }
    }

    /**
     * Runs the handshake over {@code transport}; blocks until it completes (call it on a thread of
     * its own, a virtual thread will do).
     *
     * @param remoteFingerprint the browser's {@code sha-256} fingerprint from the offer, {@code AB:CD:...}
     * @throws IOException when the handshake fails or times out (BouncyCastle's
     *     {@code TlsFatalAlert} names the alert: a wrong fingerprint is {@code bad_certificate}, no
     *     common SRTP profile {@code handshake_failure})
     */
    public static Established accept(DatagramTransport transport, DtlsCertificate certificate, String remoteFingerprint)
            throws IOException {
        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        Server server = new Server(crypto, certificate, remoteFingerprint);
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        protocol.setVerifyRequests(false);
        DTLSTransport dtls = protocol.accept(server, transport);
        SrtpKeys keys = server.keys;
        if (keys == null) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "handshake completed without SRTP keys");
        }
        var agreed = server.agreed();
        return new Established(dtls, keys, DtlsRecords.forSuite(agreed.getCipherSuite(), agreed.isEncryptThenMAC()));
    }

    private static final class Server extends DefaultTlsServer {
        private final DtlsCertificate certificate;
        private final String remoteFingerprint;
        private int profile = -1;
        private @Nullable SrtpKeys keys;

        Server(BcTlsCrypto crypto, DtlsCertificate certificate, String remoteFingerprint) {
            super(crypto);
            this.certificate = certificate;
            this.remoteFingerprint = remoteFingerprint.trim().toUpperCase(Locale.ROOT);
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return HANDSHAKE_TIMEOUT_MS;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), SUITES);
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            BcTlsCrypto crypto = (BcTlsCrypto) getCrypto();
            return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.privateKey(),
                    certificate.chain(crypto), new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        }

        @Override
        public CertificateRequest getCertificateRequest() {
            Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
            algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa));
            algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
            algorithms.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
            return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                    algorithms, null);
        }

        @Override
        public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
            if (clientCertificate.isEmpty()) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure, "the browser sent no certificate");
            }
            String got = DtlsCertificate.fingerprint(clientCertificate.getCertificateAt(0).getEncoded());
            if (!got.equals(remoteFingerprint)) {
                throw new TlsFatalAlert(AlertDescription.bad_certificate,
                        "the certificate's fingerprint " + got + " is not the offer's " + remoteFingerprint);
            }
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public void processClientExtensions(Hashtable clientExtensions) throws IOException {
            super.processClientExtensions(clientExtensions);
            UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
            if (offered == null) {
                throw new TlsFatalAlert(AlertDescription.handshake_failure, "the ClientHello has no use_srtp extension");
            }
            for (int ours : PROFILES) {
                for (int theirs : offered.getProtectionProfiles()) {
                    if (ours == theirs) {
                        profile = ours;
                        return;
                    }
                }
            }
            throw new TlsFatalAlert(AlertDescription.handshake_failure,
                    "no common SRTP profile (we take SRTP_AEAD_AES_128_GCM and SRTP_AES128_CM_HMAC_SHA1_80)");
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getServerExtensions() throws IOException {
            Hashtable extensions = super.getServerExtensions();
            TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {profile}, TlsUtils.EMPTY_BYTES));
            return extensions;
        }

        org.bouncycastle.tls.SecurityParameters agreed() {
            return context.getSecurityParametersConnection();
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            int length = 2 * (SrtpKeys.keyLength(profile) + SrtpKeys.saltLength(profile));
            keys = SrtpKeys.split(profile, context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length));
        }

        @Override
        public void notifyAlertRaised(short alertLevel, short alertDescription, @Nullable String message, @Nullable Throwable cause) {
            // the caller logs the failure once, with the session; BouncyCastle's default prints to stderr
        }

        @Override
        public void notifyAlertReceived(short alertLevel, short alertDescription) {
            if (alertLevel == AlertLevel.fatal) {
                // the handshake fails with TlsFatalAlertReceived, which the caller logs
                return;
            }
        }
    }
}
