package io.edgecdn.edge.webrtc.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The node's DTLS identity: a self-signed ECDSA P-256 certificate (WebRTC needs no CA: each side
 * pins the other's certificate by the fingerprint in the SDP, RFC 8122 section 5), made at start
 * and kept while the node runs. Browsers accept a certificate of any validity; this one is valid
 * from a day before it is made to 30 days after.
 */
public final class DtlsCertificate {
    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final String fingerprint;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey) {
        this.der = der;
        this.privateKey = privateKey;
        this.fingerprint = fingerprint(der);
    }

    /**
     * Makes a new key pair and certificate.
     *
     * @param clock gives the validity period's start
     * @throws IllegalStateException when the JDK offers no EC P-256 (it always does)
     */
    public static DtlsCertificate generate(Clock clock) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = gen.generateKeyPair();
            Instant now = clock.instant();
            X500Name name = new X500Name("CN=edge-node WebRTC");
            BigInteger serial = new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            return new DtlsCertificate(holder.getEncoded(), PrivateKeyFactory.createKey(pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the DTLS certificate: " + e, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SHA-256 fingerprint as SDP writes it after {@code a=fingerprint:sha-256 }: {@code AB:CD:...}. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The certificate chain (one certificate) for a handshake. */
    Certificate chain(BcTlsCrypto crypto) throws IOException {
        return new Certificate(new TlsCertificate[] {crypto.createCertificate(der)});
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    /** The SHA-256 fingerprint of a DER certificate, upper-case hex pairs joined by colons (RFC 8122). */
    public static String fingerprint(byte[] der) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(der);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest).toUpperCase(Locale.ROOT);
    }
}
