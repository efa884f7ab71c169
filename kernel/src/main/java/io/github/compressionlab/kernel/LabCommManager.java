package io.github.compressionlab.kernel;

import com.google.gson.JsonObject;
import java.util.concurrent.ConcurrentHashMap;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.comm.Comm;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.comm.CommTarget;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.comm.CommCloseCommand;
import org.dflib.jjava.jupyter.messages.comm.CommMsgCommand;
import org.dflib.jjava.jupyter.messages.comm.CommOpenCommand;

/**
 * jjava-jupyter's comm manager made safe for widgets: comms are opened and closed from the cell
 * thread and the widget callback thread while the shell thread answers {@code comm_info}, so the
 * maps are concurrent; a message for an unknown comm or target is logged (as ipykernel does)
 * instead of dropped silently; an exception in a comm's handler is logged and never reaches the
 * shell loop; messages with an explicit parent go straight to iopub.
 */
final class LabCommManager extends CommManager {

  /**
   * Handler exceptions caught so far: each is a bug the comm checks missed (fuzz tests read it).
   */
  private final java.util.concurrent.atomic.AtomicLong caught =
      new java.util.concurrent.atomic.AtomicLong();

  long caughtFailures() {
    return caught.get();
  }

  LabCommManager() {
    this.targets = new ConcurrentHashMap<>();
    this.comms = new ConcurrentHashMap<>();
  }

  /** True once the kernel is connected (iopub is known). */
  boolean connected() {
    return iopub != null;
  }

  /** Publishes {@code message} on iopub (thread-safe: jjava's socket sends are synchronized). */
  void publish(Message<?> message) {
    JupyterSocket io = iopub;
    if (io != null) {
      io.sendMessage(message);
    }
  }

  /** The request of the cell that ran last, the parent of messages no front-end message caused. */
  MessageContext lastContext() {
    return context;
  }

  static void log(String line) {
    LabKernel.KERNEL_ERR.println("[lab-widgets] " + line);
    LabKernel.KERNEL_ERR.flush();
  }

  @Override
  public void handleCommOpenCommand(ReplyEnvironment env, Message<CommOpenCommand> message) {
    env.setBusyDeferIdle();
    CommOpenCommand open = message.getContent();
    if (open == null || open.getCommID() == null) {
      log("comm_open without a comm_id: ignored");
      return;
    }
    String target = open.getTargetName();
    CommTarget t = target == null ? null : getTarget(target);
    Comm comm = null;
    if (t == null) {
      log("comm_open for unknown target '" + target + "': closed");
    } else {
      try {
        comm = t.createComm(this, open.getCommID(), target, message);
      } catch (RuntimeException e) {
        caught.incrementAndGet();
        log("comm_open for target '" + target + "' failed: " + e);
      }
    }
    if (comm == null) {
      env.publish(new CommCloseCommand(open.getCommID(), new JsonObject()));
    } else {
      registerComm(comm);
    }
  }

  @Override
  public void handleCommMsgCommand(ReplyEnvironment env, Message<CommMsgCommand> message) {
    CommMsgCommand msg = message.getContent();
    String id = msg == null ? null : msg.getCommID();
    if (id == null || getCommByID(id) == null) {
      env.setBusyDeferIdle();
      log("comm_msg for unknown comm " + id + ": ignored");
      return;
    }
    try {
      super.handleCommMsgCommand(env, message); // busy, the comm's handler, then idle
    } catch (RuntimeException e) {
      caught.incrementAndGet();
      log("comm_msg for " + id + " failed: " + e);
    }
  }

  @Override
  public void handleCommCloseCommand(ReplyEnvironment env, Message<CommCloseCommand> message) {
    CommCloseCommand close = message.getContent();
    String id = close == null ? null : close.getCommID();
    if (id == null || getCommByID(id) == null) {
      env.setBusyDeferIdle();
      log("comm_close for unknown comm " + id + ": ignored");
      return;
    }
    try {
      super.handleCommCloseCommand(env, message);
    } catch (RuntimeException e) {
      caught.incrementAndGet();
      log("comm_close for " + id + " failed: " + e);
    }
  }
}
