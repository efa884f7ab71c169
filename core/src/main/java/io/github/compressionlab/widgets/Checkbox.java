package io.github.compressionlab.widgets;

import java.util.List;
import java.util.function.Consumer;

/** A check box (ipywidgets' {@code Checkbox}): {@code new Checkbox("fine-tune").value(true)}. */
public final class Checkbox extends DescriptionWidget<Checkbox, CheckboxStyle>
    implements ValueWidget<Boolean> {

  private final Trait<Boolean> disabled = trait("disabled", Codec.BOOL, false);
  private final Trait<Boolean> indent = trait("indent", Codec.BOOL, true);
  private final Trait<Boolean> value = writable("value", Codec.BOOL, false, null);

  public Checkbox(String description) {
    super(
        ModelSpec.controls("CheckboxModel"),
        ModelSpec.controls("CheckboxView"),
        description,
        new CheckboxStyle());
  }

  public Checkbox value(boolean v) {
    set(value, v);
    return this;
  }

  @Override
  public Boolean value() {
    return get(value);
  }

  /** Whether the box lines up with the controls of described widgets (default) or sits left. */
  public Checkbox indent(boolean v) {
    set(indent, v);
    return this;
  }

  public Checkbox disabled(boolean v) {
    set(disabled, v);
    return this;
  }

  @Override
  public Subscription onChange(Consumer<? super Boolean> listener) {
    return value.listen(listener);
  }

  @Override
  void describe(List<String> parts) {
    parts.add("value=" + value());
    describeDescription(parts);
  }
}
