package io.github.compressionlab.quant.half;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.io.ModelFile;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.quant.half.HalfPrecision.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class HalfPrecisionTest {
  @TempDir Path dir;

  @Test
  void oneThird_roundsToTheNearest16BitValue() {
    // binary16: 1/3 = 1.0101010101|0101… × 2^-2 → 10 mantissa bits 0101010101 (rest 0101… < ½
    // ulp, so down) = 0x3555 = 1365/4096 = 0.333251953125
    assertEquals(0.333251953125f, HalfPrecision.round(1f / 3, Format.F16));
    // bfloat16: 7 mantissa bits 0101010|1010… (rest > ½ ulp, so up) → 0101011 = 171/512 =
    // 0.333984375
    assertEquals(0.333984375f, HalfPrecision.round(1f / 3, Format.BF16));
  }

  @Test
  void f16_overflowsAbove65504_bf16DoesNot() {
    var a = Nd4j.create(new float[] {70000f, 1f}, new long[] {2}, 'c');
    HalfPrecision.Error f16 = HalfPrecision.error(a, Format.F16);
    assertEquals(1, f16.overflowed());
    HalfPrecision.Error bf16 = HalfPrecision.error(a, Format.BF16);
    assertEquals(0, bf16.overflowed());
    // bf16 keeps 8 significant bits: relative error at most half an ulp, 2^-8
    // (70000 = 1.0001000101110… × 2^16 → 1.0001001 × 2^16 = 70144: error 144, 0.2%)
    assertEquals(144, bf16.maxAbsError(), 0);
    assertTrue(bf16.maxRelError() <= Math.pow(2, -8), "" + bf16);
  }

  @Test
  void f16File_isHalfTheSizeAndLoadsAsTheRoundedModel() throws Exception {
    Sequential m = io.github.compressionlab.nn.ReferenceModels.lenet300100(3);
    Path f32 = dir.resolve("m32.safetensors");
    Path f16 = dir.resolve("m16.safetensors");
    ModelFile.save(m, f32);
    long bytes = HalfPrecision.save(m, f16, Format.F16);
    assertEquals(Files.size(f16), bytes);
    double ratio = (double) bytes / Files.size(f32);
    assertTrue(ratio > 0.49 && ratio < 0.51, "ratio " + ratio);
    Sequential back = ModelFile.load(f16);
    Sequential rounded = HalfPrecision.round(m, Format.F16);
    assertArrayEquals(
        rounded.parameter("fc1.weight").value().data().asFloat(),
        back.parameter("fc1.weight").value().data().asFloat(),
        0f);
    // He-initialised weights lie in (-1, 1), where a binary16 ulp is at most 2^-11: rounding moves
    // each by at most half of that
    assertTrue(HalfPrecision.error(m, Format.F16).maxAbsError() <= Math.pow(2, -12));
  }
}
