package io.github.compressionlab.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.compressionlab.Profile;
import io.github.compressionlab.data.Dataset;
import io.github.compressionlab.nn.ReferenceModels;
import io.github.compressionlab.nn.Sequential;
import io.github.compressionlab.testing.TinyData;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchSettingsTest {
  @Test
  void defaults_areTheBenchmarksProxy() {
    SearchSettings s = SearchSettings.defaults();
    assertEquals(12_000, s.proxyImages());
    assertEquals(2, s.epochsPerTrial());
    assertEquals(5_000, s.validationImages());
    assertEquals(0.25, s.maxParamsFraction());
    assertEquals(2.0, s.maxFlopsRatio());
  }

  @Test
  void of_picksTheProfilesSettings() {
    assertEquals(SearchSettings.defaults(), SearchSettings.of(Profile.FULL));
    assertEquals(SearchSettings.quick(), SearchSettings.of(Profile.QUICK));
  }

  @Test
  void constraints_areFractionsOfTheBaselinesCost() {
    Sequential baseline = ReferenceModels.smallCnn(1);
    // smallCnn: conv 16@3x3 (160) → pool → conv 32@3x3 (4,640) → pool → dense 800→128 (102,528)
    // → dense 128→10 (1,290) = 108,618 parameters; a quarter is 27,154.5, floored to 27,154.
    assertEquals(108_618, baseline.paramCount());
    Constraints c = SearchSettings.defaults().constraints(baseline);
    assertEquals(27_154, c.maxParams());
    assertEquals(2 * baseline.flops(), c.maxFlops());
    assertEquals(c, SearchSettings.defaults().space(baseline).constraints());
  }

  @Test
  void space_hasFeasibleArchitecturesUnderTheLimits() {
    SearchSpace space = SearchSettings.defaults().space(ReferenceModels.smallCnn(1));
    assertTrue(space.feasibleSize() > 0);
    assertTrue(space.feasibleSize() < space.size(), "the limits must rule some designs out");
  }

  @Test
  void data_holdsOutValidationAndSamplesTheProxyFromTheRest() {
    Dataset train = TinyData.numbered(100, 10);
    SearchSettings s = new SearchSettings(20, 1, 30, 0.25, 2, 5);
    SearchSettings.ProxyData d = s.data(train);
    assertEquals(30, d.validation().size());
    assertEquals(70, d.rest().size());
    assertEquals(20, d.proxy().size());
    Set<Integer> validation = rows(d.validation());
    Set<Integer> rest = rows(d.rest());
    Set<Integer> proxy = rows(d.proxy());
    assertTrue(proxy.stream().noneMatch(validation::contains), "the proxy never sees validation");
    assertTrue(rest.containsAll(proxy));
    // The same seed draws the same images.
    assertEquals(proxy, rows(s.data(train).proxy()));
    assertEquals(validation, rows(s.data(train).validation()));
  }

  @Test
  void data_proxyLargerThanTheRestIsAllOfIt() {
    SearchSettings.ProxyData d =
        new SearchSettings(500, 1, 10, 0.25, 2, 5).data(TinyData.numbered(40, 4));
    assertEquals(30, d.proxy().size());
  }

  @Test
  void badSettings_sayWhatIsWrong() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new SearchSettings(100, 0, 10, 0.25, 2, 1));
    assertTrue(e.getMessage().contains("epochsPerTrial"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new SearchSettings(100, 1, 10, 0, 2, 1));
    assertTrue(e.getMessage().contains("0.25"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SearchSettings.quick().data(TinyData.numbered(50, 5)));
    assertTrue(e.getMessage().contains("1000 validation images"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SearchSettings.quick().constraints(null));
    assertThrows(IllegalArgumentException.class, () -> SearchSettings.of(null));
  }

  private static Set<Integer> rows(Dataset d) {
    Set<Integer> out = new HashSet<>();
    for (int i = 0; i < d.size(); i++) {
      out.add(TinyData.rowOf(d.images().getFloat(i, 0, 0, 0)));
    }
    return out;
  }
}
