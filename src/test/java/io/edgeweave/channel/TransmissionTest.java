package io.edgeweave.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TransmissionTest {

  private static Transmission with(Delivery... deliveries) {
    return new Transmission(1, 0, 10, 0, 0, 1, List.of(deliveries), false);
  }

  @Test
  void noDeliveryMeansDropped() {
    Transmission dropped = with();

    assertTrue(dropped.dropped());
    assertFalse(dropped.duplicated());
    assertThrows(IllegalStateException.class, dropped::firstDeliveryMs);
  }

  @Test
  void firstDeliveryIsTheEarliestEvenWhenTheOriginalIsHeldBack() {
    Transmission held = with(new Delivery(20, true), new Delivery(6, false));

    assertFalse(held.dropped());
    assertTrue(held.duplicated());
    assertEquals(6, held.firstDeliveryMs());
  }
}
