package io.github.compressionlab.widgets;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How one attribute's value travels as JSON and what a front end may send for it. Decoding is
 * strict: a value of the wrong JSON type is an {@link InvalidValueException}, never a coercion.
 */
interface Codec<T> {

  JsonElement toJson(T value);

  T fromJson(JsonElement json);

  /** True for byte arrays, which travel as binary buffers outside the JSON state. */
  default boolean binary() {
    return false;
  }

  Codec<String> STRING =
      new Codec<>() {
        @Override
        public JsonElement toJson(String v) {
          return new JsonPrimitive(v);
        }

        @Override
        public String fromJson(JsonElement j) {
          if (j == null || !j.isJsonPrimitive() || !j.getAsJsonPrimitive().isString()) {
            throw new InvalidValueException("expected a string, got " + j);
          }
          return j.getAsString();
        }
      };

  Codec<Boolean> BOOL =
      new Codec<>() {
        @Override
        public JsonElement toJson(Boolean v) {
          return new JsonPrimitive(v);
        }

        @Override
        public Boolean fromJson(JsonElement j) {
          if (j == null || !j.isJsonPrimitive() || !j.getAsJsonPrimitive().isBoolean()) {
            throw new InvalidValueException("expected true or false, got " + j);
          }
          return j.getAsBoolean();
        }
      };

  Codec<Integer> INT =
      new Codec<>() {
        @Override
        public JsonElement toJson(Integer v) {
          return new JsonPrimitive(v);
        }

        @Override
        public Integer fromJson(JsonElement j) {
          double d = number(j);
          if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new InvalidValueException("expected an integer, got " + j);
          }
          return (int) d;
        }
      };

  Codec<Double> FLOAT =
      new Codec<>() {
        @Override
        public JsonElement toJson(Double v) {
          return new JsonPrimitive(v);
        }

        @Override
        public Double fromJson(JsonElement j) {
          return number(j);
        }
      };

  Codec<byte[]> BYTES =
      new Codec<>() {
        @Override
        public JsonElement toJson(byte[] v) {
          throw new UnsupportedOperationException("bytes travel as buffers");
        }

        @Override
        public byte[] fromJson(JsonElement j) {
          throw new InvalidValueException("expected binary data in a buffer, got " + j);
        }

        @Override
        public boolean binary() {
          return true;
        }
      };

  /** Kernel-owned JSON (an Output's outputs); front ends never set it. */
  Codec<JsonArray> JSON_ARRAY =
      new Codec<>() {
        @Override
        public JsonElement toJson(JsonArray v) {
          return v.deepCopy();
        }

        @Override
        public JsonArray fromJson(JsonElement j) {
          if (j == null || !j.isJsonArray()) {
            throw new InvalidValueException("expected a list, got " + j);
          }
          return j.getAsJsonArray();
        }
      };

  /** A reference to another widget: {@code "IPY_MODEL_<id>"}; only the kernel sets it. */
  static <W extends Widget> Codec<W> reference() {
    return new Codec<>() {
      @Override
      public JsonElement toJson(W v) {
        return new JsonPrimitive(Widget.REFERENCE_PREFIX + v.modelId());
      }

      @Override
      public W fromJson(JsonElement j) {
        throw new InvalidValueException("widget references are set by the kernel only");
      }
    };
  }

  /** {@code null} or a value of {@code codec}. */
  static <T> Codec<T> nullable(Codec<T> codec) {
    return new Codec<>() {
      @Override
      public JsonElement toJson(T v) {
        return v == null ? JsonNull.INSTANCE : codec.toJson(v);
      }

      @Override
      public T fromJson(JsonElement j) {
        return j == null || j.isJsonNull() ? null : codec.fromJson(j);
      }
    };
  }

  /** A JSON list of values of {@code codec}. */
  static <T> Codec<List<T>> listOf(Codec<T> codec) {
    return new Codec<>() {
      @Override
      public JsonElement toJson(List<T> v) {
        JsonArray a = new JsonArray();
        v.forEach(x -> a.add(codec.toJson(x)));
        return a;
      }

      @Override
      public List<T> fromJson(JsonElement j) {
        if (j == null || !j.isJsonArray()) {
          throw new InvalidValueException("expected a list, got " + j);
        }
        List<T> out = new ArrayList<>();
        j.getAsJsonArray().forEach(x -> out.add(codec.fromJson(x)));
        return List.copyOf(out);
      }
    };
  }

  /** An enum whose constants travel as the strings {@code wire} gives them. */
  static <E extends Enum<E>> Codec<E> enumOf(Class<E> type, Function<E, String> wire) {
    return new Codec<>() {
      @Override
      public JsonElement toJson(E v) {
        return new JsonPrimitive(wire.apply(v));
      }

      @Override
      public E fromJson(JsonElement j) {
        String s = STRING.fromJson(j);
        for (E e : type.getEnumConstants()) {
          if (wire.apply(e).equals(s)) {
            return e;
          }
        }
        throw new InvalidValueException("expected one of " + names() + ", got " + j);
      }

      private List<String> names() {
        List<String> n = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
          n.add("'" + wire.apply(e) + "'");
        }
        return n;
      }
    };
  }

  private static double number(JsonElement j) {
    if (j == null || !j.isJsonPrimitive() || !j.getAsJsonPrimitive().isNumber()) {
      throw new InvalidValueException("expected a number, got " + j);
    }
    double d = j.getAsDouble();
    if (!Double.isFinite(d)) {
      throw new InvalidValueException("expected a finite number, got " + j);
    }
    return d;
  }
}
