package io.edgeweave.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edgeweave.scenario.ModelSpec;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class NetworkPoolTest {
  private static final ModelSpec MODEL = new ModelSpec("mlp", 8, List.of(4), 2, "relu", "sgd", 0.1);

  @Test
  void buildsAtMostItsCapacityAndLendsHandedBackNetworks() throws Exception {
    NetworkPool pool = new NetworkPool(MODEL, 2);
    NetworkPool.Lease a = pool.borrow();
    NetworkPool.Lease b = pool.borrow();
    assertEquals(2, pool.built());
    MultiLayerNetwork first = a.network();

    CompletableFuture<MultiLayerNetwork> waiting = CompletableFuture.supplyAsync(() -> {
      try (NetworkPool.Lease c = pool.borrow()) {
        return c.network();
      }
    });
    Thread.sleep(200);
    assertFalse(waiting.isDone(), "a third borrower waits while two networks are out");
    a.close();

    assertSame(first, waiting.get(10, TimeUnit.SECONDS));
    assertEquals(2, pool.built());
    b.close();
  }

  @Test
  void aHandedBackLeaseCannotBeUsedOrHandedBackTwice() {
    NetworkPool pool = new NetworkPool(MODEL, 1);
    NetworkPool.Lease lease = pool.borrow();
    lease.close();
    lease.close();
    assertThrows(IllegalStateException.class, lease::network);
    try (NetworkPool.Lease again = pool.borrow()) {
      assertTrue(again.network() != null);
    }
    assertEquals(1, pool.built());
  }
}
