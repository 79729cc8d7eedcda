package io.edgeweave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which standby director takes a run over, and when. */
class RunTicketTest {
  private static final String RUN = "pekko://edgeweave@127.0.0.1:40001";
  private static final String STANDBY = "pekko://edgeweave@127.0.0.1:25523";
  private static final String YOUNGER = "pekko://edgeweave@127.0.0.1:25524";
  private final RunTicket ticket = new RunTicket("/runs/r1", RUN, 3, 60_000);

  @Test
  void theOldestStandbyTakesOverARunWhoseDirectorWasDowned() {
    assertTrue(ticket.takenOverBy(STANDBY, RUN, true, Optional.of(STANDBY)));
    assertFalse(ticket.takenOverBy(YOUNGER, RUN, true, Optional.of(STANDBY)), "a younger standby leaves it to the oldest");
  }

  @Test
  void aDirectorThatLeftCleanlyEndedItsRun() {
    assertFalse(ticket.takenOverBy(STANDBY, RUN, false, Optional.of(STANDBY)), "completed, or stopped to be resumed by hand");
  }

  @Test
  void anotherMemberDownedLeavesTheRunWhereItIs() {
    assertFalse(ticket.takenOverBy(STANDBY, YOUNGER, true, Optional.of(STANDBY)));
    assertFalse(ticket.takenOverBy(STANDBY, RUN, true, Optional.empty()), "no standby up");
  }

  @Test
  void aRunTakenOverIsDirectedFromItsStandby() {
    RunTicket moved = ticket.directedBy(STANDBY);
    assertEquals(new RunTicket("/runs/r1", STANDBY, 3, 60_000), moved);
    assertTrue(moved.takenOverBy(YOUNGER, STANDBY, true, Optional.of(YOUNGER)), "a second standby takes over from the first");
  }
}
