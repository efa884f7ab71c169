package io.github.compressionlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CheckTest {

  @Test
  void aRightAnswerPassesAndAWrongOneGivesTheHintButNotTheAnswer() {
    Check right = Check.close("1", 4.02, 4.0, 0.05, "divide the sizes");
    assertTrue(right.passed());
    assertTrue(right.toHtml().contains("data-check=\"pass\"") && right.toHtml().contains("✓"));

    Check wrong = Check.close("1", 3.0, 4.137, 0.05, "divide the sizes");
    assertEquals(Check.Outcome.FAIL, wrong.outcome());
    assertTrue(wrong.toString().contains("✗") && wrong.toString().contains("divide the sizes"));
    assertFalse(wrong.toString().contains("4.137"), wrong.toString());
    assertTrue(wrong.toHtml().contains("data-check=\"fail\""));
    assertFalse(wrong.toHtml().contains("4.137"));
  }

  @Test
  void nullOrNaNIsNotAnsweredYet() {
    assertEquals(Check.Outcome.OPEN, Check.close("2", null, 1, 0.1, "h").outcome());
    assertEquals(Check.Outcome.OPEN, Check.relative("2", Double.NaN, 1, 0.1, "h").outcome());
    assertTrue(Check.equal("2", null, "fc1", "h").toHtml().contains("data-check=\"open\""));
  }

  @Test
  void relativeBetweenEqualAndSatisfies() {
    assertTrue(Check.relative("a", 105, 100, 0.05, "h").passed());
    assertFalse(Check.relative("a", 106, 100, 0.05, "h").passed());
    assertTrue(Check.between("b", 0.5, 0, 1, "h").passed());
    assertFalse(Check.between("b", 1.5, 0, 1, "h").passed());
    assertTrue(Check.equal("c", "fc1", "fc1", "h").passed());
    assertTrue(Check.satisfies("d", "abc", s -> s.length() == 3, "h").passed());
    assertFalse(Check.satisfies("d", "abc", s -> s.charAt(9) == 'x', "h").passed());
  }

  @Test
  void badArgumentsSayWhatIsWrong() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Check.close("1", 1, 1, -1, "h"))
            .getMessage()
            .contains("tolerance"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Check.between("1", 1, 2, 1, "h"))
            .getMessage()
            .contains("low end"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Check.close(" ", 1, 1, 0, "h"))
            .getMessage()
            .contains("name the"));
  }

  @Test
  void theHtmlEscapesTheHint() {
    String html = Check.equal("1<", 1, 2, "a < b").toHtml();
    assertTrue(html.contains("1&lt;") && html.contains("a &lt; b"), html);
  }
}
