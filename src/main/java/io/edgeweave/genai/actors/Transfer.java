package io.edgeweave.genai.actors;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.edgeweave.genai.MixtureSnapshot;
import io.edgeweave.genai.VaeSnapshot;
import io.edgeweave.tensor.Tensor;

/**
 * What crosses a link between an edge device and the cloud in the genai workload. Each transfer names its
 * purpose (traffic is reported per purpose) and its size on the wire: its tensors plus a small header.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Transfer.ExpertUpload.class, name = "expert-upload"),
  @JsonSubTypes.Type(value = Transfer.GlobalModel.class, name = "global-model"),
  @JsonSubTypes.Type(value = Transfer.LocalUpdate.class, name = "local-update"),
  @JsonSubTypes.Type(value = Transfer.TaskDeployment.class, name = "task-deployment"),
  @JsonSubTypes.Type(value = Transfer.RemoteGeneration.class, name = "remote-generation"),
  @JsonSubTypes.Type(value = Transfer.Generated.class, name = "generated")
})
public sealed interface Transfer {
  /** Bytes of addressing and framing counted for every transfer. */
  long HEADER_BYTES = 64;

  String UPLOAD = "upload";
  String FEDAVG = "fedavg";
  String DEPLOY = "deploy";

  /** Traffic class: upload, fedavg, deploy, or serve/STRATEGY. */
  String purpose();

  long bytes();

  /** Edge → cloud: the edge's trained generator and how many samples of each class it trained on. */
  record ExpertUpload(int edge, VaeSnapshot model, long[] classCounts) implements Transfer {
    public String purpose() {
      return UPLOAD;
    }

    public long bytes() {
      return HEADER_BYTES + model.bytes() + 8L * classCounts.length;
    }
  }

  /** Cloud → edge: the FedAvg model of a round ({@code last}: keep it for serving, no training). */
  record GlobalModel(int round, boolean last, VaeSnapshot model) implements Transfer {
    public String purpose() {
      return FEDAVG;
    }

    public long bytes() {
      return HEADER_BYTES + model.bytes();
    }
  }

  /** Edge → cloud: the edge's FedAvg model after a round of local training on {@code samples} samples. */
  record LocalUpdate(int edge, int round, VaeSnapshot model, long samples) implements Transfer {
    public String purpose() {
      return FEDAVG;
    }

    public long bytes() {
      return HEADER_BYTES + model.bytes();
    }
  }

  /** Cloud → edge: the task-specific model of one category, cut out of the assembled model. */
  record TaskDeployment(int category, MixtureSnapshot model) implements Transfer {
    public String purpose() {
      return DEPLOY;
    }

    public long bytes() {
      return HEADER_BYTES + model.bytes();
    }
  }

  /** Edge → cloud: generate {@code images} images of {@code cls} with the strategy's cloud model. */
  record RemoteGeneration(int request, String strategy, int cls, int images, long seed) implements Transfer {
    public String purpose() {
      return "serve/" + strategy;
    }

    public long bytes() {
      return HEADER_BYTES;
    }
  }

  /** Cloud → edge: the generated images, and until when the cloud is busy (a load hint). */
  record Generated(int request, String strategy, Tensor images, double cloudBusyUntilMs) implements Transfer {
    public String purpose() {
      return "serve/" + strategy;
    }

    public long bytes() {
      return HEADER_BYTES + images.byteSize();
    }
  }
}
