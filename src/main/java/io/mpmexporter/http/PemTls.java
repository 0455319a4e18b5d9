package io.mpmexporter.http;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * {@link SSLContext}s from the PEM files operators already have — a server's, and a client's for
 * reaching a protected status page: a certificate chain and an unencrypted PKCS#8 private key
 * ({@code BEGIN PRIVATE KEY}: RSA, EC or Ed25519). A PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) key
 * gets an error that says how to convert it.
 */
public final class PemTls {
  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519");

  private PemTls() {}

  /**
   * @throws IOException with a message naming the file and what is wrong with it
   */
  public static SSLContext serverContext(Path certFile, Path keyFile) throws IOException {
    return context(keyManagers(certFile, keyFile), null);
  }

  /**
   * A client context for the status page.
   *
   * @param caFile PEM certificates to trust instead of the system's, or null
   * @param certFile the client certificate chain (mTLS), or null with {@code keyFile} null too
   * @param insecure trust any server certificate for any name (logged loudly by the caller)
   */
  public static SSLContext clientContext(Path caFile, Path certFile, Path keyFile, boolean insecure)
      throws IOException {
    KeyManager[] keys = certFile == null ? null : keyManagers(certFile, keyFile);
    TrustManager[] trust = null;
    if (insecure) {
      trust = new TrustManager[] {new TrustAnything()};
    } else if (caFile != null) {
      try {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate c : certificates(caFile)) {
          store.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        trust = tmf.getTrustManagers();
      } catch (GeneralSecurityException e) {
        throw new IOException(caFile + ": cannot trust these certificates: " + e.getMessage(), e);
      }
    }
    return context(keys, trust);
  }

  private static SSLContext context(KeyManager[] keys, TrustManager[] trust) throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys, trust, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static Collection<? extends Certificate> certificates(Path file) throws IOException {
    Collection<? extends Certificate> chain;
    try (var in = Files.newInputStream(file)) {
      chain = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": not a PEM certificate: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new IOException(file + ": no certificate in the file");
    }
    return chain;
  }

  private static KeyManager[] keyManagers(Path certFile, Path keyFile) throws IOException {
    Collection<? extends Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(keyFile);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] none = new char[0];
      store.setKeyEntry("key", key, none, chain.toArray(new Certificate[0]));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, none);
      return kmf.getKeyManagers();
    } catch (GeneralSecurityException e) {
      throw new IOException(
          certFile + " and " + keyFile + " do not make a TLS key pair: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Path keyFile) throws IOException {
    String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
    Matcher m = PKCS8.matcher(pem);
    if (!m.find()) {
      String hint =
          pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")
              ? " (convert it: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)"
              : "";
      throw new IOException(keyFile + ": no unencrypted 'BEGIN PRIVATE KEY' block" + hint);
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    for (String alg : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException tryNext) {
        // not this algorithm
      }
    }
    throw new IOException(keyFile + ": not an RSA, EC or Ed25519 key");
  }

  /**
   * {@code --apache.insecure}: accepts every server certificate and, being an extended trust
   * manager that checks nothing, skips the host name check too.
   */
  private static final class TrustAnything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
