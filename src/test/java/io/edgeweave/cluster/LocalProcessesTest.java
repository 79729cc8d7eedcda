package io.edgeweave.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalProcessesTest {
  @Test
  void freePortsAreBelowTheKernelsEphemeralPortsOutsideLaunchsBindableAndNeverHandedOutTwice() throws Exception {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    int low = Files.exists(range)
        ? Integer.parseInt(Files.readAllLines(range).get(0).strip().split("\\s+")[0])
        : 32768;
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      int port = LocalProcesses.freePort();
      assertTrue(port < low, port + " is an ephemeral port (from " + low + ")");
      assertTrue(port < LocalProcesses.LAUNCH_PORTS_FROM || port >= LocalProcesses.LAUNCH_PORTS_TO, port + " is one of launch's");
      assertTrue(ports.add(port), port + " handed out twice");
    }
    int port = LocalProcesses.freePort();
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertEquals(port, socket.getLocalPort());
    }
  }
}
