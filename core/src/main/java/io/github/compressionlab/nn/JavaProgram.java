package io.github.compressionlab.nn;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A plan compiled by {@link JavaEngine}: one {@link JavaStage} per op that does work, run one
 * example at a time on two reused float arrays. It holds a snapshot of the weights: later changes
 * to the model are not seen; compile again. One program runs one prediction at a time (it reuses
 * its buffers).
 */
public final class JavaProgram implements InferenceModel {
  private final ModelPlan plan;
  private final List<JavaStage> stages;
  private final int numClasses;
  private final int maxSize;
  private final String description;

  JavaProgram(ModelPlan plan, List<JavaStage> stages, String description) {
    this.plan = plan;
    this.stages = List.copyOf(stages);
    this.numClasses = plan.numClasses();
    int max = (int) Shapes.product(plan.inputShape());
    for (JavaStage s : stages) {
      max = Math.max(max, s.outSize());
    }
    this.maxSize = max;
    this.description = description;
  }

  @Override
  public synchronized INDArray predict(INDArray x) {
    long[] inputShape = plan.inputShape();
    long[] perExample = Shapes.perExample(x);
    if (!Arrays.equals(perExample, inputShape)) {
      throw new IllegalArgumentException(
          "the model expects inputs [N, "
              + Shapes.str(inputShape).replaceAll("[\\[\\]]", "")
              + "] but got "
              + Shapes.str(x.shape()));
    }
    int n = (int) x.size(0);
    int inSize = (int) Shapes.product(inputShape);
    INDArray c = x.dataType() == DataType.FLOAT ? x : x.castTo(DataType.FLOAT);
    float[] all =
        c.ordering() == 'c' && !c.isView() && c.length() == c.data().length()
            ? c.data().asFloat() // one copy instead of two
            : c.dup('c').data().asFloat();
    float[] result = new float[n * numClasses];
    float[] a = new float[maxSize];
    float[] b = new float[maxSize];
    float[] example = new float[inSize];
    for (int e = 0; e < n; e++) {
      System.arraycopy(all, e * inSize, example, 0, inSize);
      float[] in = example;
      for (JavaStage s : stages) {
        float[] out = in == a ? b : a;
        s.run(in, out);
        in = out;
      }
      System.arraycopy(in, 0, result, e * numClasses, numClasses);
    }
    return Nd4j.create(result, new long[] {n, numClasses}, 'c');
  }

  /** The plan compiled, with the tensors as they were at compile time. */
  @Override
  public ModelPlan plan() {
    return plan;
  }

  @Override
  public long[] inputShape() {
    return plan.inputShape();
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  /** Non-zero weights over all dense layers (what their sparse form stores). */
  public long nonZeroDenseWeights() {
    return stages.stream()
        .filter(s -> s instanceof JavaDenseStage)
        .mapToLong(s -> ((JavaDenseStage) s).nonZeroWeights())
        .sum();
  }

  @Override
  public String toString() {
    return "JavaEngine(" + description + ")";
  }
}
