package io.github.compressionlab.kernel;

import java.util.List;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;

/**
 * jjava-jupyter's kernel_info_reply plus the {@code status: "ok"} field that the messaging spec
 * requires (and the conformance suite checks); 1.0-a6 leaves it out.
 */
final class KernelInfo extends KernelInfoReply {

  @SuppressWarnings("unused") // serialised by gson
  private final String status = "ok";

  KernelInfo(
      String protocolVersion,
      String name,
      String version,
      LanguageInfo language,
      String banner,
      List<HelpLink> helpLinks) {
    super(protocolVersion, name, version, language, banner, helpLinks);
  }
}
