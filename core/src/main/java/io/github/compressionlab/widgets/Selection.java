package io.github.compressionlab.widgets;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A choice of one option among labelled values: the front end shows the labels and sends the chosen
 * index; Java sees the typed value.
 *
 * @param <T> the options' values
 * @param <S> the concrete widget, so that setters chain
 * @param <St> its style model
 */
public abstract class Selection<T, S extends Selection<T, S, St>, St extends Style>
    extends DescriptionWidget<S, St> implements ValueWidget<T> {

  /** One choice: the label shown and the value Java gets. */
  public record Option<T>(String label, T value) {
    public Option {
      Objects.requireNonNull(label, "label");
    }
  }

  private final List<Option<T>> options = new ArrayList<>();
  private final Trait<List<String>> labels =
      trait("_options_labels", Codec.listOf(Codec.STRING), List.of());
  private final Trait<Boolean> disabled = trait("disabled", Codec.BOOL, false);
  private final Trait<Integer> index =
      writable("index", Codec.nullable(Codec.INT), null, this::indexProblem);

  Selection(String model, String view, String description, St style) {
    super(ModelSpec.controls(model), ModelSpec.controls(view), description, style);
  }

  private String indexProblem(Integer i) {
    int n = get(labels).size();
    if (i == null) {
      return n == 0 ? null : "an option must be chosen";
    }
    return i >= 0 && i < n ? null : "index " + i + " is not one of the " + n + " options";
  }

  /** Replaces the options with {@code values}, labelled by {@code String.valueOf}. */
  public S options(List<? extends T> values) {
    List<Option<T>> o = new ArrayList<>();
    for (T v : values) {
      o.add(new Option<>(String.valueOf(v), v));
    }
    return replace(o);
  }

  /** Adds an option labelled {@code label}. */
  public S option(String label, T value) {
    List<Option<T>> o;
    synchronized (this) {
      o = new ArrayList<>(options);
    }
    o.add(new Option<>(label, value));
    return replace(o);
  }

  private S replace(List<Option<T>> o) {
    List<String> l = o.stream().map(Option::label).toList();
    batch(
        () -> {
          Integer i = get(index);
          synchronized (this) {
            options.clear();
            options.addAll(o);
          }
          set(labels, l);
          set(index, o.isEmpty() ? null : i == null || i >= o.size() ? 0 : i);
        });
    return self();
  }

  /** The options in order. */
  public synchronized List<Option<T>> options() {
    return List.copyOf(options);
  }

  /** The chosen option's value; null only when there are no options. */
  @Override
  public T value() {
    Integer i = get(index);
    synchronized (this) {
      return i == null || i >= options.size() ? null : options.get(i).value();
    }
  }

  /** Chooses the first option whose value equals {@code v}. */
  public S value(T v) {
    int found = -1;
    synchronized (this) {
      for (int i = 0; i < options.size() && found < 0; i++) {
        if (Objects.equals(options.get(i).value(), v)) {
          found = i;
        }
      }
    }
    if (found < 0) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": no option " + v);
    }
    return index(found);
  }

  /** The chosen option's label, or null. */
  public String label() {
    Integer i = get(index);
    List<String> l = get(labels);
    return i == null || i >= l.size() ? null : l.get(i);
  }

  /** The chosen position, or null when there are no options. */
  public Integer index() {
    return get(index);
  }

  public S index(int i) {
    set(index, i);
    return self();
  }

  public S disabled(boolean value) {
    set(disabled, value);
    return self();
  }

  /** Calls {@code listener} with the value of every newly chosen option. */
  @Override
  public Subscription onChange(Consumer<? super T> listener) {
    return index.listen(
        i -> {
          synchronized (this) {
            if (i == null || i >= options.size()) {
              return;
            }
          }
          listener.accept(value());
        });
  }

  @Override
  void describe(List<String> parts) {
    parts.add("value=" + (label() == null ? "None" : quoted(label())));
    parts.add("options=" + get(labels));
    describeDescription(parts);
  }
}
