package io.github.compressionlab.widgets;

/** A value a front end sent that an attribute cannot take (wrong type, out of range ...). */
final class InvalidValueException extends IllegalArgumentException {

  InvalidValueException(String reason) {
    super(reason);
  }
}
