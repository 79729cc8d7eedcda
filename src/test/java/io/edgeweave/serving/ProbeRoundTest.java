package io.edgeweave.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeRoundTest {
  private final ProbeRound<String> round = new ProbeRound<>(7, 12, List.of("device-edge", "edge-cloud"), List.of("edge-2"));

  @Test
  void answersAreReadInTheOrderTheLinksWereAskedWhateverOrderTheyArrivedIn() {
    round.answered(7, "edge-cloud", "1 Gbps");
    round.alive(7, "edge-2");
    assertFalse(round.complete());
    round.answered(7, "device-edge", "100 Mbps");
    assertTrue(round.complete());
    assertEquals(List.of("100 Mbps", "1 Gbps"), round.answers());
  }

  @Test
  void anAnswerOfAnotherRoundIsNotTaken() {
    round.answered(6, "device-edge", "stale");
    round.alive(6, "edge-2");
    round.answered(7, "edge-cloud", "1 Gbps");
    assertFalse(round.complete());
    round.answered(7, "device-edge", "100 Mbps");
    round.alive(7, "edge-2");
    assertEquals(List.of("100 Mbps", "1 Gbps"), round.answers());
  }

  @Test
  void aLinkGoneAndANodeCrashedAnswerNoMore() {
    round.answered(7, "device-edge", "100 Mbps");
    round.linkGone("edge-cloud");
    assertFalse(round.complete());
    round.nodeGone("edge-2");
    assertTrue(round.complete());
    assertEquals(List.of("100 Mbps"), round.answers());
  }

  @Test
  void aRoundAskedAheadStandsOnlyForTheRequestAndTheLinksAndNodesItAsked() {
    assertTrue(round.asks(12, List.of("device-edge", "edge-cloud"), List.of("edge-2")));
    assertFalse(round.asks(13, List.of("device-edge", "edge-cloud"), List.of("edge-2")));
    assertFalse(round.asks(12, List.of("device-edge", "edge-cloud"), List.of()));
    assertFalse(round.asks(12, List.of("device-edge", "edge-cloud", "device-cloud"), List.of("edge-2")));
  }
}
