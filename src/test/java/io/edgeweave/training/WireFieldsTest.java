package io.edgeweave.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireFieldsTest {
  @Test
  void aFlagIsZeroOrOne() {
    ByteBuffer flags = ByteBuffer.allocate(3);
    WireFields.writeFlag(true, flags);
    WireFields.writeFlag(false, flags);
    flags.put((byte) 2).flip();
    assertEquals(List.of(true, false), List.of(WireFields.readFlag(flags, "a"), WireFields.readFlag(flags, "b")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WireFields.readFlag(flags, "ahead"));
    assertEquals("ahead flag 2, not 0 or 1", e.getMessage());
  }

  @Test
  void stringsAndTracesAreLittleEndianInABufferOfEitherOrder() {
    List<Span> trace = List.of(new Span("édge-1→cloud", Span.Phase.TRANSFER, 2.25, 4, 3_136));
    for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
      ByteBuffer buffer = ByteBuffer.allocate(256).order(order);
      WireFields.writeString("edge-2", buffer);
      WireFields.writeTrace(trace, buffer);
      assertEquals(WireFields.stringSize("edge-2") + WireFields.traceSize(trace), buffer.position(), "the sizes are what is written");
      assertEquals(order, buffer.order(), "the buffer's order is left as it was");
      assertEquals(6, buffer.order(ByteOrder.LITTLE_ENDIAN).getInt(0), "a string's length, little-endian");
      buffer.order(order).flip();
      assertEquals("edge-2", WireFields.readString(buffer));
      assertEquals(trace, WireFields.readTrace(buffer));
    }
  }

  @Test
  void aCountLargerThanWhatIsLeftIsRefusedBeforeAnythingIsAllocated() {
    ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(5).putInt(0).flip();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WireFields.readString(buffer));
    assertEquals("5 string bytes in a message", e.getMessage());
  }
}
