package io.edgeweave.data;

/** A dataset that cannot be loaded; the message names the file and what is wrong, fit to print as one line. */
public final class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
