package io.edgeweave.scenario;

/** How a link carries data. Only digital links exist so far; over-the-air MIMO links come later. */
public enum LinkKind {
  DIGITAL
}
