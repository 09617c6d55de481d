package io.apiingest.intake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fast count of the URL lines in a file, by the reader's rules (blank lines and {@code #} comments do not
 * count), without decoding it: the total in progress lines while the file is still being read.
 */
public final class UrlLineCount {

    private UrlLineCount() {
    }

    /** The count, or -1 when the file cannot be read (progress then shows the lines done only). */
    public static long of(Path file) {
        long count = 0;
        boolean inLine = false;
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            boolean first = true;
            while ((n = in.read(buffer)) > 0) {
                // the UTF-8 byte order mark, which the reader drops
                int start = first && n >= 3 && buffer[0] == (byte) 0xEF && buffer[1] == (byte) 0xBB
                        && buffer[2] == (byte) 0xBF ? 3 : 0;
                first = false;
                for (int i = start; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        inLine = false;
                    } else if (!inLine && !isSpace(b)) {
                        // the first character that is not white space decides: a comment, or a URL line
                        inLine = true;
                        if (b != '#') {
                            count++;
                        }
                    }
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return count;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == 0x0B;
    }
}
