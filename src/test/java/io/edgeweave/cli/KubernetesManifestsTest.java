package io.edgeweave.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.edgeweave.cluster.ClusterSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.ParseResult;

/**
 * The Kubernetes example (cluster-config/kubernetes) against what EdgeWeave's JVMs read: each container's command line
 * parses, and the environment Kubernetes gives a pod makes the configuration that pod needs (its DNS name as its
 * address, every interface bound, seeds that name pods, its own certificate). No Kubernetes cluster is involved.
 */
class KubernetesManifestsTest {
  private static final Path DIRECTORY = Path.of("cluster-config/kubernetes");
  /** Where the Dockerfile puts the repository's files. */
  private static final String IMAGE_ROOT = "/opt/edgeweave/";
  private static final String POD_IP = "10.1.2.3";
  private static final String PASSWORD = "from-the-secret";

  @Test
  void everyContainerRunsACommandLineThatEdgeweaveAccepts() throws IOException {
    assertTrue(Files.readString(DIRECTORY.resolve("Dockerfile")).contains("COPY edgeweave " + IMAGE_ROOT + "edgeweave"));
    int nodes = 0;
    for (Map<String, Object> set : objects("StatefulSet")) {
      nodes += integer(set, "spec", "replicas");
      ParseResult parsed = parse(container(set));
      assertEquals("node", parsed.subcommand().commandSpec().name());
      assertEquals(List.of(label(set, "app.kubernetes.io/component")), parsed.subcommand().matchedOptionValue("--role", List.of()));
    }
    ParseResult run = parse(container(job())).subcommand();
    assertEquals("run", run.commandSpec().name());
    assertTrue(run.hasMatchedOption("--cluster"));
    assertEquals(nodes, run.<Integer>matchedOptionValue("--jvms", 0), "the run waits for every node JVM");
    String scenario = run.matchedPositionalValue(0, Path.of("")).toString();
    assertTrue(scenario.startsWith(IMAGE_ROOT) && Files.isRegularFile(Path.of(scenario.substring(IMAGE_ROOT.length()))), scenario);
  }

  @Test
  void aNodePodIsReachedAtItsDnsNameAndListensOnEveryInterface() {
    List<String> addresses = new ArrayList<>();
    List<List<String>> seedLists = new ArrayList<>();
    for (Map<String, Object> set : objects("StatefulSet")) {
      Map<String, Object> container = container(set);
      String service = string(set, "spec", "serviceName");
      for (int ordinal = 0; ordinal < integer(set, "spec", "replicas"); ordinal++) {
        String pod = string(set, "metadata", "name") + "-" + ordinal;
        Config config = configuration(environment(container, pod));
        String host = config.getString("pekko.remote.artery.canonical.hostname");
        assertEquals(pod + "." + service, host);
        int port = config.getInt("pekko.remote.artery.canonical.port");
        assertEquals(containerPort(container, "remoting"), port);
        assertEquals("0.0.0.0", config.getString("pekko.remote.artery.bind.hostname"));
        assertEquals(POD_IP, config.getString("pekko.management.http.hostname"));
        assertEquals(containerPort(container, "management"), config.getInt("pekko.management.http.port"));
        assertEquals("0.0.0.0", config.getString("pekko.management.http.bind-hostname"));
        ClusterSettings settings = ClusterSettings.of(config);
        assertEquals(pod, settings.name());
        assertFalse(settings.rejoin());
        seedLists.add(settings.seeds());
        addresses.add(host + ":" + port);
        assertMutualTls(config, container, pod + ".p12");
      }
    }
    // the same seeds everywhere, each one a pod that the StatefulSets make, named as that pod names itself
    List<String> seeds = seedLists.get(0);
    assertEquals(3, seeds.size());
    seedLists.forEach(s -> assertEquals(seeds, s));
    assertTrue(addresses.containsAll(seeds), addresses + " do not hold every seed of " + seeds);
    assertTrue(seeds.get(0).startsWith("edgeweave-cloud-0."), "the first seed, which starts the cluster: " + seeds);
  }

  @Test
  void theHeadlessServiceNamesTheNodePodsBeforeTheyAreReady() {
    Map<String, Object> service = objects("Service").get(0);
    assertEquals("None", string(service, "spec", "clusterIP"));
    // /ready answers 200 only once a JVM has joined: its name must resolve before, or no pod could join
    assertEquals(Boolean.TRUE, value(service, "spec", "publishNotReadyAddresses"));
    Map<String, Object> selector = map(value(service, "spec", "selector"));
    for (Map<String, Object> set : objects("StatefulSet")) {
      assertEquals(string(service, "metadata", "name"), string(set, "spec", "serviceName"));
      assertTrue(map(value(set, "spec", "template", "metadata", "labels")).entrySet().containsAll(selector.entrySet()));
      Map<String, Object> container = container(set);
      for (String probe : List.of("readinessProbe", "livenessProbe")) {
        assertEquals("management", value(container, probe, "httpGet", "port"));
      }
      assertEquals("/ready", value(container, "readinessProbe", "httpGet", "path"));
      assertEquals("/alive", value(container, "livenessProbe", "httpGet", "path"));
    }
    List<Integer> ports = list(value(service, "spec", "ports")).stream().map(p -> (Integer) map(p).get("port")).toList();
    assertTrue(ports.containsAll(List.of(containerPort(container(objects("StatefulSet").get(0)), "remoting"),
        containerPort(container(objects("StatefulSet").get(0)), "management"))), ports.toString());
    Map<String, Object> directorLabels = map(value(job(), "spec", "template", "metadata", "labels"));
    assertFalse(directorLabels.entrySet().containsAll(selector.entrySet()), "the run's pod is not a node pod");
  }

  @Test
  void theRunJobJoinsAtItsPodAddressThroughTheSameSeeds() {
    Map<String, Object> container = container(job());
    Config config = configuration(environment(container, "edgeweave-run-x7k2p"));
    assertEquals(POD_IP, config.getString("pekko.remote.artery.canonical.hostname"));
    Map<String, Object> node = objects("StatefulSet").get(0);
    Config nodeConfig = configuration(environment(container(node), string(node, "metadata", "name") + "-0"));
    assertEquals(ClusterSettings.of(nodeConfig).seeds(), ClusterSettings.of(config).seeds());
    assertMutualTls(config, container, "director.p12");
  }

  @Test
  void everyVariableTheManifestsSetIsOneThatEdgeweaveReads() throws IOException {
    StringBuilder readers = new StringBuilder();
    for (Path file : List.of(Path.of("src/main/resources/application.conf"), Path.of("src/main/resources/reference.conf"),
        Path.of("cluster-config/cluster.conf"), Path.of("cluster-config/tls.conf"), Path.of("edgeweave"))) {
      readers.append(Files.readString(file));
    }
    List<Map<String, Object>> containers = new ArrayList<>(objects("StatefulSet").stream().map(s -> container(s)).toList());
    containers.add(container(job()));
    int checked = 0;
    for (Map<String, Object> container : containers) {
      for (String name : environment(container, "edgeweave-edge-0").keySet()) {
        if (!name.startsWith("EDGEWEAVE_")) continue;
        checked++;
        assertTrue(readers.indexOf("${?" + name + "}") >= 0 || readers.indexOf("${" + name) >= 0, name + " is read nowhere");
      }
    }
    assertTrue(checked >= 20, "variables checked: " + checked);
  }

  @Test
  void withoutTheBindVariablesEachJvmListensOnItsOwnAddressAsBefore() {
    Config config = configuration(Map.of("EDGEWEAVE_CLUSTER_CONFIG", IMAGE_ROOT + "cluster-config/cluster.conf"));
    assertEquals("127.0.0.1", config.getString("pekko.remote.artery.canonical.hostname"));
    assertEquals("", config.getString("pekko.remote.artery.bind.hostname"));
    assertEquals("127.0.0.1", config.getString("pekko.management.http.hostname"));
    assertEquals("", config.getString("pekko.management.http.bind-hostname"));
  }

  private static void assertMutualTls(Config config, Map<String, Object> container, String keystore) {
    Map<String, Object> mount = map(list(container.get("volumeMounts")).get(0));
    String tls = mount.get("mountPath") + "/";
    Config ssl = config.getConfig("pekko.remote.artery.ssl.config-ssl-engine");
    assertEquals("tls-tcp", config.getString("pekko.remote.artery.transport"));
    assertEquals(tls + keystore, ssl.getString("key-store"));
    assertEquals(tls + "truststore.p12", ssl.getString("trust-store"));
    assertEquals(PASSWORD, ssl.getString("key-store-password"));
  }

  /** The configuration a JVM of the image loads with this environment, in the layers of {@code ClusterConfig.load}. */
  private static Config configuration(Map<String, String> environment) {
    Path file = Path.of(environment.get("EDGEWEAVE_CLUSTER_CONFIG").substring(IMAGE_ROOT.length()));
    return ConfigFactory.parseFile(file.toFile())
        .withFallback(ConfigFactory.parseResourcesAnySyntax("application"))
        .withFallback(ConfigFactory.parseResourcesAnySyntax("reference"))
        .withFallback(ConfigFactory.parseMap(environment)) // what ${?VAR} finds, instead of this JVM's environment
        .resolve(ConfigResolveOptions.noSystem());
  }

  /** A container's environment as Kubernetes makes it: the ConfigMap of envFrom, then env with $(VAR) expanded. */
  private static Map<String, String> environment(Map<String, Object> container, String pod) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (Object from : list(container.get("envFrom"))) {
      String name = string(map(from), "configMapRef", "name");
      Map<String, Object> configMap = objects("ConfigMap").stream()
          .filter(c -> string(c, "metadata", "name").equals(name)).findFirst().orElseThrow();
      map(configMap.get("data")).forEach((k, v) -> environment.put(k, (String) v));
    }
    Map<String, String> fields = Map.of("metadata.name", pod, "status.podIP", POD_IP);
    for (Object e : list(container.get("env"))) {
      Map<String, Object> variable = map(e);
      String name = (String) variable.get("name");
      if (variable.containsKey("value")) {
        Matcher m = Pattern.compile("\\$\\((\\w+)\\)").matcher((String) variable.get("value"));
        environment.put(name, m.replaceAll(r -> Matcher.quoteReplacement(environment.get(r.group(1)))));
      } else if (value(variable, "valueFrom", "fieldRef") != null) {
        environment.put(name, fields.get(string(variable, "valueFrom", "fieldRef", "fieldPath")));
      } else {
        assertEquals("password", string(variable, "valueFrom", "secretKeyRef", "key"));
        environment.put(name, PASSWORD);
      }
    }
    return environment;
  }

  private static ParseResult parse(Map<String, Object> container) {
    List<String> command = list(container.get("command")).stream().map(String.class::cast).toList();
    assertEquals(IMAGE_ROOT + "edgeweave", command.get(0));
    return Main.commandLine().parseArgs(command.subList(1, command.size()).toArray(String[]::new));
  }

  private static int containerPort(Map<String, Object> container, String name) {
    return list(container.get("ports")).stream().map(p -> map(p)).filter(p -> name.equals(p.get("name")))
        .map(p -> (Integer) p.get("containerPort")).findFirst().orElseThrow();
  }

  private static Map<String, Object> container(Map<String, Object> object) {
    return map(list(value(object, "spec", "template", "spec", "containers")).get(0));
  }

  private static Map<String, Object> job() {
    return objects("Job").get(0);
  }

  private static String label(Map<String, Object> object, String name) {
    return (String) map(value(object, "metadata", "labels")).get(name);
  }

  /** The objects of this kind in the example's manifests; a List's items count as objects. */
  private static List<Map<String, Object>> objects(String kind) {
    List<Map<String, Object>> objects = new ArrayList<>();
    try (var files = Files.list(DIRECTORY)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (Reader reader = Files.newBufferedReader(file)) {
          for (Object document : new Yaml().loadAll(reader)) {
            Map<String, Object> object = map(document);
            if ("List".equals(object.get("kind"))) list(object.get("items")).forEach(i -> objects.add(map(i)));
            else objects.add(object);
          }
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    List<Map<String, Object>> ofKind = objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    assertFalse(ofKind.isEmpty(), "no " + kind + " in " + DIRECTORY);
    return ofKind;
  }

  private static Object value(Map<String, Object> object, String... path) {
    Object value = object;
    for (String key : path) {
      if (value == null) return null;
      value = map(value).get(key);
    }
    return value;
  }

  private static String string(Map<String, Object> object, String... path) {
    Object value = value(object, path);
    assertNotNull(value, String.join(".", path));
    return value.toString();
  }

  private static int integer(Map<String, Object> object, String... path) {
    return (Integer) value(object, path);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    return (List<Object>) value;
  }
}
