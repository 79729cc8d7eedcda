package io.edgeweave.cluster;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider;

/**
 * Artery's TLS engines as Pekko configures them ({@code ssl.config-ssl-engine}), each one reporting a refused
 * handshake: a WARN line with the peer (its address for connections this JVM opens; inbound connections only know
 * their certificate, if any) and the reason, and a count in {@link JvmHealth} that the management endpoint
 * shows. Without it, a refused peer leaves no trace at the default log level. Selected in {@code tls.conf}.
 */
public final class AuditedSslEngineProvider extends ConfigSSLEngineProvider {
  private final LoggingAdapter log;
  private final JvmHealth health;

  public AuditedSslEngineProvider(ActorSystem system) {
    super(system);
    this.log = Logging.getLogger(system, AuditedSslEngineProvider.class);
    this.health = JvmHealth.get(Adapter.toTyped(system));
  }

  @Override
  public SSLEngine createServerSSLEngine(String hostname, int port) {
    return new Audited(super.createServerSSLEngine(hostname, port), "an inbound connection");
  }

  @Override
  public SSLEngine createClientSSLEngine(String hostname, int port) {
    return new Audited(super.createClientSSLEngine(hostname, port), "the connection to " + hostname + ":" + port);
  }

  private void report(String connection, SSLException e, SSLEngine engine) {
    health.connectionRefused();
    log.warning("TLS refused {}: {}{}", connection, e.getMessage(), peerCertificate(engine));
  }

  private static String peerCertificate(SSLEngine engine) {
    SSLSession session = engine.getHandshakeSession();
    if (session == null) return "";
    try {
      return " (peer certificate " + session.getPeerPrincipal().getName() + ")";
    } catch (javax.net.ssl.SSLPeerUnverifiedException unverified) {
      return " (no peer certificate)";
    }
  }

  /** An engine that passes everything through and reports the first handshake failure of its connection. */
  private final class Audited extends SSLEngine {
    private final SSLEngine engine;
    private final String connection;
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile boolean handshakeFinished;

    Audited(SSLEngine engine, String connection) {
      super(engine.getPeerHost(), engine.getPeerPort());
      this.engine = engine;
      this.connection = connection;
    }

    /** A failure before the handshake finished is a refused connection; later ones are a connection's own end. */
    private SSLException reported(SSLException e) {
      if (!handshakeFinished && reported.compareAndSet(false, true)) report(connection, e, engine);
      return e;
    }

    private SSLEngineResult seen(SSLEngineResult result) {
      if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) handshakeFinished = true;
      return result;
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] sources, int offset, int length, ByteBuffer destination) throws SSLException {
      try {
        return seen(engine.wrap(sources, offset, length, destination));
      } catch (SSLException e) {
        throw reported(e);
      }
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer source, ByteBuffer[] destinations, int offset, int length) throws SSLException {
      try {
        return seen(engine.unwrap(source, destinations, offset, length));
      } catch (SSLException e) {
        throw reported(e);
      }
    }

    @Override public Runnable getDelegatedTask() { return engine.getDelegatedTask(); }
    @Override public void closeInbound() throws SSLException { engine.closeInbound(); }
    @Override public boolean isInboundDone() { return engine.isInboundDone(); }
    @Override public void closeOutbound() { engine.closeOutbound(); }
    @Override public boolean isOutboundDone() { return engine.isOutboundDone(); }
    @Override public String[] getSupportedCipherSuites() { return engine.getSupportedCipherSuites(); }
    @Override public String[] getEnabledCipherSuites() { return engine.getEnabledCipherSuites(); }
    @Override public void setEnabledCipherSuites(String[] suites) { engine.setEnabledCipherSuites(suites); }
    @Override public String[] getSupportedProtocols() { return engine.getSupportedProtocols(); }
    @Override public String[] getEnabledProtocols() { return engine.getEnabledProtocols(); }
    @Override public void setEnabledProtocols(String[] protocols) { engine.setEnabledProtocols(protocols); }
    @Override public SSLSession getSession() { return engine.getSession(); }
    @Override public SSLSession getHandshakeSession() { return engine.getHandshakeSession(); }
    @Override public void beginHandshake() throws SSLException { engine.beginHandshake(); }
    @Override public SSLEngineResult.HandshakeStatus getHandshakeStatus() { return engine.getHandshakeStatus(); }
    @Override public void setUseClientMode(boolean mode) { engine.setUseClientMode(mode); }
    @Override public boolean getUseClientMode() { return engine.getUseClientMode(); }
    @Override public void setNeedClientAuth(boolean need) { engine.setNeedClientAuth(need); }
    @Override public boolean getNeedClientAuth() { return engine.getNeedClientAuth(); }
    @Override public void setWantClientAuth(boolean want) { engine.setWantClientAuth(want); }
    @Override public boolean getWantClientAuth() { return engine.getWantClientAuth(); }
    @Override public void setEnableSessionCreation(boolean flag) { engine.setEnableSessionCreation(flag); }
    @Override public boolean getEnableSessionCreation() { return engine.getEnableSessionCreation(); }
    @Override public SSLParameters getSSLParameters() { return engine.getSSLParameters(); }
    @Override public void setSSLParameters(SSLParameters parameters) { engine.setSSLParameters(parameters); }
    @Override public String getApplicationProtocol() { return engine.getApplicationProtocol(); }
    @Override public String getHandshakeApplicationProtocol() { return engine.getHandshakeApplicationProtocol(); }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
      engine.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
      return engine.getHandshakeApplicationProtocolSelector();
    }
  }
}
