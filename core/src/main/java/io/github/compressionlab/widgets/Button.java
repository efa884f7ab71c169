package io.github.compressionlab.widgets;

import com.google.gson.JsonElement;
import java.util.List;

/**
 * A push button (ipywidgets' {@code Button}). Clicks in a front end run the {@link #onClick}
 * actions on the widget callback thread, one click at a time, never alongside a cell:
 *
 * <pre>{@code
 * var train = new Button("train a student").buttonStyle(Emphasis.PRIMARY);
 * train.onClick(log.capturing(() -> tries.add(trainOnce(alpha.value(), t.value()))));
 * }</pre>
 *
 * Wrap the action with {@link Output#capturing} so that what it prints, displays or throws shows in
 * that output; otherwise it goes to the kernel's log.
 */
public final class Button extends DomWidget<Button> {

  private final Trait<String> description;
  private final Trait<Emphasis> buttonStyle = trait("button_style", Emphasis.CODEC, Emphasis.NONE);
  private final Trait<Boolean> disabled = trait("disabled", Codec.BOOL, false);
  private final Trait<String> icon = trait("icon", Codec.STRING, "");
  private final Trait<ButtonStyle> style = trait("style", Codec.reference(), new ButtonStyle());
  private final Listeners<Button> clicks = new Listeners<>();

  public Button(String description) {
    super(ModelSpec.controls("ButtonModel"), ModelSpec.controls("ButtonView"));
    this.description = trait("description", Codec.STRING, description == null ? "" : description);
  }

  /** Runs {@code action} on every click. */
  public Subscription onClick(Action action) {
    return clicks.add(b -> WidgetRuntime.run(action));
  }

  /** Clicks the button from Java: runs the actions now, on this thread. */
  public void click() {
    clicks.fire(this);
  }

  @Override
  void receiveCustom(JsonElement content, List<byte[]> buffers, Object origin) {
    if (content != null
        && content.isJsonObject()
        && content.getAsJsonObject().has("event")
        && "click".equals(content.getAsJsonObject().get("event").getAsString())) {
      WidgetRuntime.current().callback(origin, this::click);
    } else {
      super.receiveCustom(content, buffers, origin);
    }
  }

  public Button description(String text) {
    set(description, text == null ? "" : text);
    return this;
  }

  public String description() {
    return get(description);
  }

  public Button buttonStyle(Emphasis value) {
    set(buttonStyle, value);
    return this;
  }

  /** A Font Awesome icon name without the {@code fa-} prefix, e.g. {@code "play"}. */
  public Button icon(String name) {
    set(icon, name);
    return this;
  }

  public Button disabled(boolean value) {
    set(disabled, value);
    return this;
  }

  public boolean disabled() {
    return get(disabled);
  }

  public ButtonStyle style() {
    return get(style);
  }

  @Override
  void describe(List<String> parts) {
    parts.add("description=" + quoted(description()));
  }
}
