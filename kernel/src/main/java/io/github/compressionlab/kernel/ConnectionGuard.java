package io.github.compressionlab.kernel;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.function.ToLongFunction;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.Loop;

/**
 * Keeps the shell and control channels alive when a message is rejected.
 *
 * <p>jjava-jupyter 1.0-a6 throws a {@link SecurityException} for a message whose HMAC signature is
 * wrong, but installs no error handler on the channel loops, so the first forged message would end
 * the shell thread and the kernel would stop answering. This installs a handler that logs the
 * rejection to the kernel's stderr (the Jupyter server's log) and keeps polling. The loops are
 * private to the library, so they are reached by reflection; if that ever fails the kernel still
 * starts, only without the guard.
 */
final class ConnectionGuard {

  private static final long RESUME_AFTER_MILLIS = 1;

  private ConnectionGuard() {}

  /**
   * The shell and control channels poll, then sleep 50 ms when idle (jjava-jupyter's default),
   * which adds 25 ms to an average request. Before {@code connect()}, shorten that sleep to {@link
   * #POLL_SLEEP_MILLIS}; a 2 ms sleep still keeps an idle kernel's CPU use negligible.
   */
  static void shortenPolling(JupyterConnection connection) {
    for (String channel : new String[] {"shell", "control"}) {
      try {
        Field socketField = JupyterConnection.class.getDeclaredField(channel);
        socketField.setAccessible(true);
        Object socket = socketField.get(connection);
        Field sleep = socket.getClass().getDeclaredField("sleep");
        sleep.setAccessible(true);
        sleep.setLong(socket, POLL_SLEEP_MILLIS);
      } catch (ReflectiveOperationException | RuntimeException e) {
        LabKernel.KERNEL_ERR.println(
            "[lab-kernel] keeping the default polling on " + channel + ": " + e);
      }
    }
  }

  static final long POLL_SLEEP_MILLIS = 2;

  static void install(JupyterConnection connection, PrintStream log) {
    for (String channel : new String[] {"shell", "control"}) {
      try {
        Field socketField = JupyterConnection.class.getDeclaredField(channel);
        socketField.setAccessible(true);
        Object socket = socketField.get(connection);
        Field loopField = socket.getClass().getDeclaredField("ioloop");
        loopField.setAccessible(true);
        Loop loop = (Loop) loopField.get(socket);
        ToLongFunction<Throwable> onError =
            t -> {
              if (t instanceof SecurityException) {
                log.println(
                    "[lab-kernel] "
                        + Instant.now()
                        + " rejected a message on the "
                        + channel
                        + " channel: "
                        + t.getMessage()
                        + " (not executed)");
              } else {
                log.println("[lab-kernel] " + channel + " channel error: " + t);
              }
              log.flush();
              return RESUME_AFTER_MILLIS;
            };
        loop.onError(onError);
      } catch (ReflectiveOperationException | RuntimeException e) {
        log.println("[lab-kernel] could not guard the " + channel + " channel: " + e);
      }
    }
  }
}
