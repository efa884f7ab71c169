package io.github.compressionlab.quant.integer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.compressionlab.nn.Engine;
import io.github.compressionlab.nn.Engines;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntegerEngineServiceTest {

  @Test
  void theLibraryJar_addsTheIntegerEngine_toCoresEngines() {
    List<String> labels = Engines.all().stream().map(Engine::label).toList();
    assertEquals(List.of("ND4J", "plain Java", "integer"), labels);
  }
}
