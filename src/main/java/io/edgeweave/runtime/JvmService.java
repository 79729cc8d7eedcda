package io.edgeweave.runtime;

import java.util.List;
import java.util.ServiceLoader;
import org.apache.pekko.actor.typed.Behavior;

/**
 * An actor that every JVM hosting nodes runs beside its {@link NodeAgent}: a workload that places its own actors on
 * JVMs (devices of a fleet, serving nodes, generative edges) registers one in
 * {@code META-INF/services/io.edgeweave.runtime.JvmService}. The service registers itself with the receptionist under
 * its workload's key and spawns that workload's actors on this JVM when the workload's director asks, so
 * {@code runtime} imports no workload package. It lives and dies with the agent: a kill-jvm fault in a single-JVM
 * run stops both, as a crash of the JVM would.
 */
public interface JvmService {
  /** The actor's name, unique among the services of a JVM. */
  String name();

  Behavior<?> create(HostedJvm jvm);

  /** Every registered service, in the order of the service files. */
  static List<JvmService> all() {
    return ServiceLoader.load(JvmService.class, JvmService.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }
}
