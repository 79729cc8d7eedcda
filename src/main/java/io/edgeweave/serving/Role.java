package io.edgeweave.serving;

import io.edgeweave.scenario.ModelSpec;
import io.edgeweave.tensor.WireFormat;
import java.util.List;

/**
 * A node's part in one deployment: the model, how activations cross links, the path every request takes
 * (source first, the node that runs the last block last), this node's position on it and the blocks it runs
 * ({@code from == to}: it relays).
 */
public record Role(int epoch, ModelSpec model, WireFormat wire, List<String> path, int position, int from, int to) {
  public Role {
    path = List.copyOf(path);
  }

  public String node() {
    return path.get(position);
  }

  public boolean isSource() {
    return position == 0;
  }

  /** Whether this node runs the last block and so sends the answer back. */
  public boolean isLast() {
    return position == path.size() - 1;
  }

  public boolean computes() {
    return to > from;
  }

  public String next() {
    return path.get(position + 1);
  }

  public String previous() {
    return path.get(position - 1);
  }
}
