package io.github.compressionlab.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class FashionMnistTest {

  @Test
  void classNames_areTheTenFromThePaper() {
    assertEquals(10, FashionMnist.CLASS_NAMES.size());
    assertEquals("T-shirt/top", FashionMnist.CLASS_NAMES.get(0));
    assertEquals("Ankle boot", FashionMnist.CLASS_NAMES.get(9));
  }

  @Test
  @Tag("slow")
  void debianFiles_load_withOfficialCountsShapesRangeAndBalancedClasses() throws Exception {
    Assumptions.assumeTrue(
        java.nio.file.Files.isDirectory(FashionMnist.DEBIAN_DIR),
        "needs Debian's dataset-fashion-mnist");
    var locator = new DataLocator(java.util.List.of(FashionMnist.DEBIAN_DIR), null, null, null);
    Dataset train = FashionMnist.SET.load(FashionMnist.SET.train(), locator);
    Dataset test = FashionMnist.SET.load(FashionMnist.SET.test(), locator);

    assertEquals(60000, train.size());
    assertEquals(10000, test.size());
    assertArrayEquals(new long[] {60000, 1, 28, 28}, train.images().shape());
    assertArrayEquals(new long[] {10000, 1, 28, 28}, test.images().shape());
    assertEquals(DataType.FLOAT, train.images().dataType());
    assertEquals(0.0, train.images().minNumber().doubleValue());
    assertEquals(1.0, train.images().maxNumber().doubleValue(), 1e-6);
    int[] trainCounts = train.classCounts();
    int[] testCounts = test.classCounts();
    for (int c = 0; c < 10; c++) {
      assertEquals(6000, trainCounts[c], "train class " + c);
      assertEquals(1000, testCounts[c], "test class " + c);
    }
    assertEquals(FashionMnist.CLASS_NAMES, train.classNames());
  }

  @Test
  @Tag("slow")
  void debianFiles_haveTheRecordedContentChecksums() throws Exception {
    Assumptions.assumeTrue(java.nio.file.Files.isDirectory(FashionMnist.DEBIAN_DIR));
    for (DataFile f :
        java.util.List.of(
            FashionMnist.TRAIN_IMAGES,
            FashionMnist.TRAIN_LABELS,
            FashionMnist.TEST_IMAGES,
            FashionMnist.TEST_LABELS)) {
      assertEquals(
          f.contentSha256(), Download.contentSha256(FashionMnist.DEBIAN_DIR.resolve(f.fileName())));
    }
  }

  @Test
  @Tag("slow")
  void train_isCachedInMemory() {
    Assumptions.assumeTrue(java.nio.file.Files.isDirectory(FashionMnist.DEBIAN_DIR));
    assertSame(FashionMnist.train(), FashionMnist.train());
  }
}
