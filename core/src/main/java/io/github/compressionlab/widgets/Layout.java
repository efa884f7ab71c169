package io.github.compressionlab.widgets;

import java.util.List;
import java.util.Map;

/**
 * The CSS layout of a widget's view (ipywidgets' {@code LayoutModel}): size, margins, borders, flex
 * and grid placement. Every attribute is a CSS value or null (the front end's default); those with
 * a fixed set of values refuse others.
 *
 * <pre>{@code slider.layout().width("400px").margin("0 0 8px 0");}</pre>
 */
public final class Layout extends Widget {

  /** Attributes whose CSS keywords are fixed (from the ipywidgets 8 model schema). */
  private static final Map<String, List<String>> KEYWORDS =
      Map.ofEntries(
          Map.entry(
              "align_content",
              List.of(
                  "flex-start",
                  "flex-end",
                  "center",
                  "space-between",
                  "space-around",
                  "space-evenly",
                  "stretch",
                  "inherit",
                  "initial",
                  "unset")),
          Map.entry(
              "align_items",
              List.of(
                  "flex-start",
                  "flex-end",
                  "center",
                  "baseline",
                  "stretch",
                  "inherit",
                  "initial",
                  "unset")),
          Map.entry(
              "align_self",
              List.of(
                  "auto",
                  "flex-start",
                  "flex-end",
                  "center",
                  "baseline",
                  "stretch",
                  "inherit",
                  "initial",
                  "unset")),
          Map.entry(
              "grid_auto_flow",
              List.of("column", "row", "row dense", "column dense", "inherit", "initial", "unset")),
          Map.entry(
              "justify_content",
              List.of(
                  "flex-start",
                  "flex-end",
                  "center",
                  "space-between",
                  "space-around",
                  "inherit",
                  "initial",
                  "unset")),
          Map.entry(
              "justify_items",
              List.of("flex-start", "flex-end", "center", "inherit", "initial", "unset")),
          Map.entry("object_fit", List.of("contain", "cover", "fill", "scale-down", "none")),
          Map.entry("visibility", List.of("visible", "hidden", "inherit", "initial", "unset")));

  private final Trait<String> alignContent = css("align_content");
  private final Trait<String> alignItems = css("align_items");
  private final Trait<String> alignSelf = css("align_self");
  private final Trait<String> borderBottom = css("border_bottom");
  private final Trait<String> borderLeft = css("border_left");
  private final Trait<String> borderRight = css("border_right");
  private final Trait<String> borderTop = css("border_top");
  private final Trait<String> bottom = css("bottom");
  private final Trait<String> display = css("display");
  private final Trait<String> flex = css("flex");
  private final Trait<String> flexFlow = css("flex_flow");
  private final Trait<String> gridArea = css("grid_area");
  private final Trait<String> gridAutoColumns = css("grid_auto_columns");
  private final Trait<String> gridAutoFlow = css("grid_auto_flow");
  private final Trait<String> gridAutoRows = css("grid_auto_rows");
  private final Trait<String> gridColumn = css("grid_column");
  private final Trait<String> gridGap = css("grid_gap");
  private final Trait<String> gridRow = css("grid_row");
  private final Trait<String> gridTemplateAreas = css("grid_template_areas");
  private final Trait<String> gridTemplateColumns = css("grid_template_columns");
  private final Trait<String> gridTemplateRows = css("grid_template_rows");
  private final Trait<String> height = css("height");
  private final Trait<String> justifyContent = css("justify_content");
  private final Trait<String> justifyItems = css("justify_items");
  private final Trait<String> left = css("left");
  private final Trait<String> margin = css("margin");
  private final Trait<String> maxHeight = css("max_height");
  private final Trait<String> maxWidth = css("max_width");
  private final Trait<String> minHeight = css("min_height");
  private final Trait<String> minWidth = css("min_width");
  private final Trait<String> objectFit = css("object_fit");
  private final Trait<String> objectPosition = css("object_position");
  private final Trait<String> order = css("order");
  private final Trait<String> overflow = css("overflow");
  private final Trait<String> padding = css("padding");
  private final Trait<String> right = css("right");
  private final Trait<String> top = css("top");
  private final Trait<String> visibility = css("visibility");
  private final Trait<String> width = css("width");

  Layout() {
    super(ModelSpec.base("LayoutModel"), ModelSpec.base("LayoutView"));
  }

  private Trait<String> css(String name) {
    List<String> allowed = KEYWORDS.get(name);
    return trait(
        name,
        Codec.nullable(Codec.STRING),
        null,
        v ->
            v == null || allowed == null || allowed.contains(v)
                ? null
                : "expected one of " + allowed);
  }

  /** Sets the four borders at once, as ipywidgets' {@code border} shorthand does. */
  public Layout border(String value) {
    batch(
        () -> {
          set(borderTop, value);
          set(borderRight, value);
          set(borderBottom, value);
          set(borderLeft, value);
        });
    return this;
  }

  /**
   * The align-content CSS attribute: one of flex-start, flex-end, center, space-between,
   * space-around, space-evenly, stretch, inherit, initial, unset.
   */
  public Layout alignContent(String value) {
    set(alignContent, value);
    return this;
  }

  public String alignContent() {
    return get(alignContent);
  }

  /**
   * The align-items CSS attribute: one of flex-start, flex-end, center, baseline, stretch, inherit,
   * initial, unset.
   */
  public Layout alignItems(String value) {
    set(alignItems, value);
    return this;
  }

  public String alignItems() {
    return get(alignItems);
  }

  /**
   * The align-self CSS attribute: one of auto, flex-start, flex-end, center, baseline, stretch,
   * inherit, initial, unset.
   */
  public Layout alignSelf(String value) {
    set(alignSelf, value);
    return this;
  }

  public String alignSelf() {
    return get(alignSelf);
  }

  /** The border bottom CSS attribute. */
  public Layout borderBottom(String value) {
    set(borderBottom, value);
    return this;
  }

  public String borderBottom() {
    return get(borderBottom);
  }

  /** The border left CSS attribute. */
  public Layout borderLeft(String value) {
    set(borderLeft, value);
    return this;
  }

  public String borderLeft() {
    return get(borderLeft);
  }

  /** The border right CSS attribute. */
  public Layout borderRight(String value) {
    set(borderRight, value);
    return this;
  }

  public String borderRight() {
    return get(borderRight);
  }

  /** The border top CSS attribute. */
  public Layout borderTop(String value) {
    set(borderTop, value);
    return this;
  }

  public String borderTop() {
    return get(borderTop);
  }

  /** The bottom CSS attribute. */
  public Layout bottom(String value) {
    set(bottom, value);
    return this;
  }

  public String bottom() {
    return get(bottom);
  }

  /** The display CSS attribute. */
  public Layout display(String value) {
    set(display, value);
    return this;
  }

  public String display() {
    return get(display);
  }

  /** The flex CSS attribute. */
  public Layout flex(String value) {
    set(flex, value);
    return this;
  }

  public String flex() {
    return get(flex);
  }

  /** The flex-flow CSS attribute. */
  public Layout flexFlow(String value) {
    set(flexFlow, value);
    return this;
  }

  public String flexFlow() {
    return get(flexFlow);
  }

  /** The grid-area CSS attribute. */
  public Layout gridArea(String value) {
    set(gridArea, value);
    return this;
  }

  public String gridArea() {
    return get(gridArea);
  }

  /** The grid-auto-columns CSS attribute. */
  public Layout gridAutoColumns(String value) {
    set(gridAutoColumns, value);
    return this;
  }

  public String gridAutoColumns() {
    return get(gridAutoColumns);
  }

  /**
   * The grid-auto-flow CSS attribute: one of column, row, row dense, column dense, inherit,
   * initial, unset.
   */
  public Layout gridAutoFlow(String value) {
    set(gridAutoFlow, value);
    return this;
  }

  public String gridAutoFlow() {
    return get(gridAutoFlow);
  }

  /** The grid-auto-rows CSS attribute. */
  public Layout gridAutoRows(String value) {
    set(gridAutoRows, value);
    return this;
  }

  public String gridAutoRows() {
    return get(gridAutoRows);
  }

  /** The grid-column CSS attribute. */
  public Layout gridColumn(String value) {
    set(gridColumn, value);
    return this;
  }

  public String gridColumn() {
    return get(gridColumn);
  }

  /** The grid-gap CSS attribute. */
  public Layout gridGap(String value) {
    set(gridGap, value);
    return this;
  }

  public String gridGap() {
    return get(gridGap);
  }

  /** The grid-row CSS attribute. */
  public Layout gridRow(String value) {
    set(gridRow, value);
    return this;
  }

  public String gridRow() {
    return get(gridRow);
  }

  /** The grid-template-areas CSS attribute. */
  public Layout gridTemplateAreas(String value) {
    set(gridTemplateAreas, value);
    return this;
  }

  public String gridTemplateAreas() {
    return get(gridTemplateAreas);
  }

  /** The grid-template-columns CSS attribute. */
  public Layout gridTemplateColumns(String value) {
    set(gridTemplateColumns, value);
    return this;
  }

  public String gridTemplateColumns() {
    return get(gridTemplateColumns);
  }

  /** The grid-template-rows CSS attribute. */
  public Layout gridTemplateRows(String value) {
    set(gridTemplateRows, value);
    return this;
  }

  public String gridTemplateRows() {
    return get(gridTemplateRows);
  }

  /** The height CSS attribute. */
  public Layout height(String value) {
    set(height, value);
    return this;
  }

  public String height() {
    return get(height);
  }

  /**
   * The justify-content CSS attribute: one of flex-start, flex-end, center, space-between,
   * space-around, inherit, initial, unset.
   */
  public Layout justifyContent(String value) {
    set(justifyContent, value);
    return this;
  }

  public String justifyContent() {
    return get(justifyContent);
  }

  /**
   * The justify-items CSS attribute: one of flex-start, flex-end, center, inherit, initial, unset.
   */
  public Layout justifyItems(String value) {
    set(justifyItems, value);
    return this;
  }

  public String justifyItems() {
    return get(justifyItems);
  }

  /** The left CSS attribute. */
  public Layout left(String value) {
    set(left, value);
    return this;
  }

  public String left() {
    return get(left);
  }

  /** The margin CSS attribute. */
  public Layout margin(String value) {
    set(margin, value);
    return this;
  }

  public String margin() {
    return get(margin);
  }

  /** The max-height CSS attribute. */
  public Layout maxHeight(String value) {
    set(maxHeight, value);
    return this;
  }

  public String maxHeight() {
    return get(maxHeight);
  }

  /** The max-width CSS attribute. */
  public Layout maxWidth(String value) {
    set(maxWidth, value);
    return this;
  }

  public String maxWidth() {
    return get(maxWidth);
  }

  /** The min-height CSS attribute. */
  public Layout minHeight(String value) {
    set(minHeight, value);
    return this;
  }

  public String minHeight() {
    return get(minHeight);
  }

  /** The min-width CSS attribute. */
  public Layout minWidth(String value) {
    set(minWidth, value);
    return this;
  }

  public String minWidth() {
    return get(minWidth);
  }

  /** The object-fit CSS attribute: one of contain, cover, fill, scale-down, none. */
  public Layout objectFit(String value) {
    set(objectFit, value);
    return this;
  }

  public String objectFit() {
    return get(objectFit);
  }

  /** The object-position CSS attribute. */
  public Layout objectPosition(String value) {
    set(objectPosition, value);
    return this;
  }

  public String objectPosition() {
    return get(objectPosition);
  }

  /** The order CSS attribute. */
  public Layout order(String value) {
    set(order, value);
    return this;
  }

  public String order() {
    return get(order);
  }

  /** The overflow CSS attribute. */
  public Layout overflow(String value) {
    set(overflow, value);
    return this;
  }

  public String overflow() {
    return get(overflow);
  }

  /** The padding CSS attribute. */
  public Layout padding(String value) {
    set(padding, value);
    return this;
  }

  public String padding() {
    return get(padding);
  }

  /** The right CSS attribute. */
  public Layout right(String value) {
    set(right, value);
    return this;
  }

  public String right() {
    return get(right);
  }

  /** The top CSS attribute. */
  public Layout top(String value) {
    set(top, value);
    return this;
  }

  public String top() {
    return get(top);
  }

  /** The visibility CSS attribute: one of visible, hidden, inherit, initial, unset. */
  public Layout visibility(String value) {
    set(visibility, value);
    return this;
  }

  public String visibility() {
    return get(visibility);
  }

  /** The width CSS attribute. */
  public Layout width(String value) {
    set(width, value);
    return this;
  }

  public String width() {
    return get(width);
  }
}
