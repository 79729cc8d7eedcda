package io.edgeweave.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.edgeweave.fault.TestLinks;
import io.edgeweave.scenario.LinkSpec;
import org.junit.jupiter.api.Test;

class DirectionTest {

  private final LinkSpec link = TestLinks.cleanLink(1e6, 1);

  @Test
  void senderDecidesTheDirection() {
    assertEquals(Direction.FORWARD, Direction.of(link, "edge"));
    assertEquals(Direction.BACKWARD, Direction.of(link, "cloud"));
  }

  @Test
  void aStrangerIsRejectedByName() {
    var error = assertThrows(IllegalArgumentException.class, () -> Direction.of(link, "phone"));
    assertEquals("node 'phone' is not an end of link 'edge-cloud'", error.getMessage());
  }
}
