package io.github.compressionlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;

/**
 * Opens a URL for reading. The default uses {@link URLConnection}, which handles {@code https:},
 * {@code http:} and {@code file:}; tests inject their own to exercise downloads without a network.
 */
@FunctionalInterface
public interface Fetcher {

  /** The body of a response and its length in bytes, or -1 if unknown. */
  record Response(InputStream body, long length) {}

  Response open(URI uri) throws IOException;

  /** The default fetcher: {@link URLConnection} with 15 s connect and 60 s read timeouts. */
  static Fetcher urlConnection() {
    return uri -> {
      URLConnection c = uri.toURL().openConnection();
      c.setConnectTimeout(15_000);
      c.setReadTimeout(60_000);
      c.setRequestProperty("User-Agent", "compression-lab");
      if (c instanceof HttpURLConnection http) {
        http.setInstanceFollowRedirects(true);
        int code = http.getResponseCode();
        if (code / 100 != 2) {
          http.disconnect();
          throw new IOException("HTTP " + code + " from " + uri);
        }
      }
      return new Response(c.getInputStream(), c.getContentLengthLong());
    };
  }
}
