package io.edgeweave.genai;

import io.edgeweave.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * An {@link ExpertMixture} as it travels in a message: its experts, their adapters, the gate (categories,
 * selections, logits) and the shared latent width. A task-specific model is the snapshot of a cut.
 */
public record MixtureSnapshot(
    List<VaeSnapshot> experts,
    List<Tensor> adapters,
    TaskCategories categories,
    int[][] selected,
    Tensor gateLogits,
    int shared,
    ExpertMixture.Strategy strategy) {

  public static MixtureSnapshot of(ExpertMixture m) {
    List<VaeSnapshot> experts = m.experts().stream().map(VaeSnapshot::of).toList();
    List<Tensor> adapters = new ArrayList<>();
    for (int i = 0; i < experts.size(); i++) adapters.add(Tensor.of(m.adapterParams(i)));
    int[][] selected = new int[m.gate().categories().size()][];
    for (int t = 0; t < selected.length; t++) selected[t] = m.gate().selected(t);
    return new MixtureSnapshot(experts, adapters, m.gate().categories(), selected, Tensor.of(m.gate().logits()),
        m.sharedLatent(), m.strategy());
  }

  public ExpertMixture toModel() {
    HierarchicalGate gate = new HierarchicalGate(categories, selected, gateLogits.toINDArray().castTo(DataType.FLOAT));
    return new ExpertMixture(
        experts.stream().map(VaeSnapshot::toModel).toList(),
        adapters.stream().map(Tensor::toINDArray).toList(),
        gate, shared, strategy);
  }

  /** Bytes of its parameters on the wire. */
  public long bytes() {
    long n = gateLogits.byteSize();
    for (VaeSnapshot e : experts) n += e.bytes();
    for (Tensor a : adapters) n += a.byteSize();
    return n;
  }
}
