package io.edgeweave.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** The reader of each {@code workload.type}: one line per type. */
final class WorkloadReaders {
  private static final Map<String, BiFunction<Section, ReadContext, WorkloadSpec>> BY_TYPE = new LinkedHashMap<>();

  static {
    BY_TYPE.put(SplitTrainingSpec.TYPE, SplitTrainingReader::read);
    BY_TYPE.put(GenAiSpec.TYPE, GenAiReader::read);
    BY_TYPE.put(JmsnasSpec.TYPE, JmsnasReader::read);
    BY_TYPE.put(CollaborativeTrainingSpec.TYPE, CollaborativeTrainingReader::read);
  }

  private WorkloadReaders() {}

  static List<String> types() {
    return List.copyOf(BY_TYPE.keySet());
  }

  /** The workload of {@code type} (one of {@link #types()}), or {@code null} after recording its problems. */
  static WorkloadSpec read(String type, Section s, ReadContext context) {
    return BY_TYPE.get(type).apply(s, context);
  }
}
