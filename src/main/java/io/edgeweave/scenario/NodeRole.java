package io.edgeweave.scenario;

/** Where a node sits: a cloud server, or an edge node (device or edge server). */
public enum NodeRole {
  CLOUD,
  EDGE;

  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
