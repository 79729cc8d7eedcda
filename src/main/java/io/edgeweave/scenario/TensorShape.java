package io.edgeweave.scenario;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The shape of one sample's activations: a flat vector, or a grid of channels × height × width. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME)
@JsonSubTypes({@JsonSubTypes.Type(TensorShape.Flat.class), @JsonSubTypes.Type(TensorShape.Grid.class)})
public sealed interface TensorShape {
  /** Values per sample. */
  int size();

  record Flat(int size) implements TensorShape {}

  record Grid(int channels, int height, int width) implements TensorShape {
    @Override
    public int size() {
      return channels * height * width;
    }

    /** Positions of the grid: one channel use each when the grid goes over the air. */
    public int positions() {
      return height * width;
    }
  }
}
